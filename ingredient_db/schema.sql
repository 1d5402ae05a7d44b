-- aftercare ingredient database, schema version 5.
-- Built by tools/build_db from the text sources beside this file; never edited by hand.
-- `origin` columns hold "file:line" of the curated row a fact came from.
PRAGMA user_version = 7;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sources (
  id       TEXT PRIMARY KEY,
  kind     TEXT NOT NULL,
  citation TEXT NOT NULL,
  url      TEXT NOT NULL DEFAULT '',
  date     TEXT NOT NULL DEFAULT ''
);

-- Every INCI name of the EU CosIng inventory, plus curated extra names (drugs).
CREATE TABLE ingredients (
  id        INTEGER PRIMARY KEY,
  inci      TEXT NOT NULL UNIQUE,      -- as CosIng spells it (upper case)
  key       TEXT NOT NULL UNIQUE,      -- normalised lookup key
  display   TEXT NOT NULL,             -- INCI in label (title) case
  cas       TEXT NOT NULL DEFAULT '',
  ec        TEXT NOT NULL DEFAULT '',
  alias_of  INTEGER REFERENCES ingredients(id),  -- same substance, report as that one
  source    TEXT NOT NULL,             -- sources.id list
  origin    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE functions (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  function      TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, function)
) WITHOUT ROWID;

CREATE TABLE synonyms (
  key           TEXT PRIMARY KEY,      -- normalised synonym
  synonym       TEXT NOT NULL,         -- as written in the source
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  kind          TEXT NOT NULL,
  source        TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  origin        TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE categories (
  id          TEXT PRIMARY KEY,
  parent      TEXT REFERENCES categories(id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  origin      TEXT NOT NULL
);

CREATE TABLE patterns (
  id       TEXT PRIMARY KEY,
  category TEXT NOT NULL REFERENCES categories(id),
  regex    TEXT NOT NULL,
  source   TEXT NOT NULL,
  note     TEXT NOT NULL DEFAULT '',
  origin   TEXT NOT NULL
);

-- Direct memberships (curated rows, allergen list, or pattern hits). Ancestors are implied.
CREATE TABLE members (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  category      TEXT NOT NULL REFERENCES categories(id),
  source        TEXT NOT NULL,
  pattern_id    TEXT REFERENCES patterns(id),  -- set when a pattern made the membership
  note          TEXT NOT NULL DEFAULT '',
  origin        TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, category)
) WITHOUT ROWID;

CREATE TABLE exclusions (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  category      TEXT NOT NULL REFERENCES categories(id),
  source        TEXT NOT NULL,
  reason        TEXT NOT NULL,
  origin        TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, category)
) WITHOUT ROWID;

-- EU annex entries (II prohibited, III restricted, IV colourants, V preservatives, VI UV filters).
CREATE TABLE annex_entries (
  annex         TEXT NOT NULL,
  ref           TEXT NOT NULL,
  name          TEXT NOT NULL,
  ingredient_id INTEGER REFERENCES ingredients(id),  -- NULL when no CosIng name matches
  max_concentration TEXT NOT NULL DEFAULT '',
  product_type  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (annex, ref, name)
) WITHOUT ROWID;

CREATE TABLE protocols (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  procedure   TEXT NOT NULL,
  description TEXT NOT NULL,
  source      TEXT NOT NULL,
  min_spf     INTEGER NOT NULL,         -- the lowest SPF the procedure's guidance accepts while healing
  min_spf_source TEXT NOT NULL,         -- sources.id list for min_spf
  origin      TEXT NOT NULL
);

-- Day windows, inclusive; NULL = no such window. ok_from_day = the day after the last window.
-- `row` is the row number of the research note's table (section 4.1); one row may
-- cover several categories.
CREATE TABLE protocol_rules (
  protocol          TEXT NOT NULL REFERENCES protocols(id),
  row               INTEGER NOT NULL,
  category          TEXT NOT NULL REFERENCES categories(id),
  avoid_until_day   INTEGER,
  caution_until_day INTEGER,
  ok_from_day       INTEGER NOT NULL,
  recommended       INTEGER NOT NULL DEFAULT 0,
  rationale         TEXT NOT NULL,
  source            TEXT NOT NULL,
  extrapolated      INTEGER NOT NULL DEFAULT 0,
  leave_on_only     INTEGER NOT NULL DEFAULT 0,  -- 1: not counted in rinse-off products
  -- The event that ends the avoid window (or, with none, the caution window) in the
  -- sources ("once re-epithelialised"): the day is a conservative stand-in, and the
  -- rationale says "or later if " this text. '' = a fixed day.
  until_event       TEXT NOT NULL DEFAULT '',
  origin            TEXT NOT NULL,
  PRIMARY KEY (protocol, category)
);

CREATE TABLE protocol_advice (
  protocol  TEXT NOT NULL REFERENCES protocols(id),
  topic     TEXT NOT NULL,
  from_day  INTEGER NOT NULL,
  until_day INTEGER,                  -- NULL = open-ended
  advice    TEXT NOT NULL,
  source    TEXT NOT NULL,
  origin    TEXT NOT NULL,
  PRIMARY KEY (protocol, topic, from_day)
);

-- Every ingredients.key with its id, sorted by key and packed into one row, so
-- that opening the DB reads one row instead of scanning 34k: `keys` is the keys
-- joined by '\n' (a key never holds a control byte), `ids` the matching
-- ingredients.id as 4-byte little-endian integers, `slots` the key -> place in
-- `keys` hash table (src/aftercare/db/string_slots.h), so that opening the DB
-- hashes nothing. Written by the build after the ingredients; the integrity
-- checks compare it with the ingredients table.
CREATE TABLE key_index (
  id    INTEGER PRIMARY KEY CHECK (id = 0),
  keys  BLOB NOT NULL,
  ids   BLOB NOT NULL,
  slots BLOB NOT NULL
);

-- Lookup tables packed once by the build and read in place (fixed layouts,
-- little-endian; each described in its header):
--   'lead_tokens'     the lead token of every ingredient and synonym key, and
--                     the most words a key has (src/aftercare/db/lead_tokens.h);
--   'deletion_index'  the fuzzy lookup's hashed one-byte deletions of every
--                     ingredient and synonym key, and a filter of one bit per
--                     hash value in front of them (src/aftercare/db/deletion_index.h);
--   'fold_table'      how each character folds into a key, from ICU's
--                     transliterator (src/aftercare/text/fold_table.h).
-- The integrity checks recompute each (from the ingredients and synonyms
-- tables, the fold table from ICU) and compare.
CREATE TABLE packed_tables (
  name TEXT PRIMARY KEY,
  data BLOB NOT NULL
);

CREATE INDEX ingredients_by_alias ON ingredients(alias_of);
CREATE INDEX members_by_category ON members(category);
CREATE INDEX synonyms_by_ingredient ON synonyms(ingredient_id);
