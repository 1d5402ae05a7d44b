// The splitter's segment cache (text stage): how each label segment it has
// read split (its tokens and notes), so that the same segment in the next
// label is replayed instead of read again. A segment's reading is one record
// of contiguous bytes (its text, tokens, names and notes) in blocks that never
// move, found through an open-addressing table of (hash, record) slots: a hit
// touches a slot and one record, where a node-based map touched a bucket, a
// node, the key's bytes, the tokens' array and each long name (11 % of the
// samples of a warm run over the corpus, stalled on loads), and a miss
// allocates nothing.
// Owned by one thread (a scan worker's MatchCache).
#ifndef AFTERCARE_TEXT_SEGMENT_CACHE_H_
#define AFTERCARE_TEXT_SEGMENT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace aftercare::text {

// A token of a segment's reading; offsets from the segment's first byte.
struct SegmentToken {
  uint32_t begin = 0, end = 0;  // in the cleaned text
  std::string_view name;
  std::optional<double> percent;
  bool nano = false;
  bool prose_suspect = false;
  bool colon_head = false;
  bool pack_text = false;
  bool operator==(const SegmentToken&) const = default;
};

// A note (diagnostic) of a segment's reading; `kind` is the splitter's.
struct SegmentNote {
  uint8_t kind = 0;
  std::string_view message;
  uint32_t begin = 0, end = 0;  // in the cleaned text
  bool operator==(const SegmentNote&) const = default;
};

class SegmentCache {
 public:
  // One segment's reading, as Insert wrote it: a view, valid until Clear().
  class Record {
   public:
    Record() = default;  // none
    explicit operator bool() const { return p_ != nullptr; }
    size_t tokens() const;
    SegmentToken token(size_t k) const;
    // The reading of token k's name, kept by the matcher (0: none yet):
    // LabelToken::reading points here.
    uint32_t* reading(size_t k) const;
    size_t notes() const;
    SegmentNote note(size_t k) const;
    bool takes_break() const;  // the segment consumes a pending line break ...
    int break_token() const;   // ... and gives it to this token (-1: to none)

   private:
    friend class SegmentCache;
    explicit Record(char* p) : p_(p) {}
    char* p_ = nullptr;
  };

  // Holds at most `max_entries` segments (then the caller clears it).
  explicit SegmentCache(size_t max_entries);
  ~SegmentCache();
  SegmentCache(const SegmentCache&) = delete;
  SegmentCache& operator=(const SegmentCache&) = delete;

  // The reading of `text` read in `context` (the splitter's mode and flags),
  // or none.
  Record Find(uint8_t context, std::string_view text);
  // Keeps a reading; none when `text` in `context` is kept already.
  // REQUIRES: !full().
  Record Insert(uint8_t context, std::string_view text, std::span<const SegmentToken> tokens,
                std::span<const SegmentNote> notes, bool takes_break, int break_token);
  bool full() const { return size_ >= max_entries_; }
  size_t size() const { return size_; }
  // Forgets every reading (the views into them go too).
  void Clear();

 private:
  // A record: Head, Head::tokens TokenRecs, Head::notes NoteRecs, then the
  // text's bytes, the names' and the messages', each at the offset its
  // record gives (from the record's first byte). Records start 8-aligned.
  struct Head {
    uint32_t text_size;
    uint32_t tokens;
    uint32_t notes;
    int32_t break_token;
    uint8_t context;
    bool takes_break;
  };
  struct TokenRec {
    uint32_t begin, end, name_at, name_size;
    double percent;
    uint32_t reading;
    uint8_t flags;  // kHasPercent ... kPackText
  };
  static constexpr uint8_t kHasPercent = 1, kNano = 2, kProseSuspect = 4, kColonHead = 8, kPackText = 16;
  struct NoteRec {
    uint32_t begin, end, message_at, message_size;
    uint8_t kind;
  };
  static constexpr size_t kTokensAt = (sizeof(Head) + 7) & ~size_t{7};
  static const Head& HeadOf(const char* p) { return *std::launder(reinterpret_cast<const Head*>(p)); }
  static TokenRec* TokensOf(char* p) { return std::launder(reinterpret_cast<TokenRec*>(p + kTokensAt)); }
  static NoteRec* NotesOf(char* p) {
    return std::launder(reinterpret_cast<NoteRec*>(p + kTokensAt + HeadOf(p).tokens * sizeof(TokenRec)));
  }
  static std::string_view TextOf(const char* p) {
    const Head& h = HeadOf(p);
    return {p + kTokensAt + h.tokens * sizeof(TokenRec) + h.notes * sizeof(NoteRec), h.text_size};
  }

  struct Slot {
    uint64_t hash = 0;
    char* record = nullptr;  // null: empty
  };
  // The slot holding `text` in `context`, or the empty one where it would go.
  size_t Probe(uint64_t h, uint8_t context, std::string_view text) const;
  char* Allocate(size_t bytes);
  void Grow();

  size_t max_entries_;
  size_t size_ = 0;
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;  // of blocks_.back()
};

inline size_t SegmentCache::Record::tokens() const { return HeadOf(p_).tokens; }
inline size_t SegmentCache::Record::notes() const { return HeadOf(p_).notes; }
inline bool SegmentCache::Record::takes_break() const { return HeadOf(p_).takes_break; }
inline int SegmentCache::Record::break_token() const { return HeadOf(p_).break_token; }
inline uint32_t* SegmentCache::Record::reading(size_t k) const { return &TokensOf(p_)[k].reading; }

inline SegmentToken SegmentCache::Record::token(size_t k) const {
  const TokenRec& t = TokensOf(p_)[k];
  SegmentToken out;
  out.begin = t.begin;
  out.end = t.end;
  out.name = {p_ + t.name_at, t.name_size};
  if (t.flags & kHasPercent) out.percent = t.percent;
  out.nano = t.flags & kNano;
  out.prose_suspect = t.flags & kProseSuspect;
  out.colon_head = t.flags & kColonHead;
  out.pack_text = t.flags & kPackText;
  return out;
}

inline SegmentNote SegmentCache::Record::note(size_t k) const {
  const NoteRec& n = NotesOf(p_)[k];
  return {n.kind, {p_ + n.message_at, n.message_size}, n.begin, n.end};
}

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_SEGMENT_CACHE_H_
