#include "aftercare/text/normalizer.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../real_catalog.h"
#include "aftercare/base/ascii.h"

namespace aftercare::text {
namespace {

// One fold table and one ICU folder for the suite: packing the table takes
// ICU's transliterator over every character (about a second).
class NormalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto folder = IcuFolder::Create();
    ASSERT_TRUE(folder.ok()) << folder.status().ToString();
    folder_ = std::move(folder).value().release();
    table_ = new std::string(PackFoldTable(*folder_));
  }
  static void TearDownTestSuite() {
    delete folder_;
    delete table_;
  }
  void SetUp() override {
    auto n = Normalizer::Create(*table_);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    norm_ = std::make_unique<Normalizer>(std::move(n).value());
  }
  // The key ICU gives the whole name: what the table's must equal.
  static std::string KeyByIcu(std::string_view name) { return AsciiKey(folder_->Fold(name)); }

  static IcuFolder* folder_;
  static std::string* table_;
  std::unique_ptr<Normalizer> norm_;
};
IcuFolder* NormalizerTest::folder_ = nullptr;
std::string* NormalizerTest::table_ = nullptr;

TEST_F(NormalizerTest, UpperCasesAndCollapsesWhitespace) {
  EXPECT_EQ(norm_->Key("  sodium \t hyaluronate\n"), "SODIUM HYALURONATE");
}

TEST_F(NormalizerTest, RemovesAccents) {
  EXPECT_EQ(norm_->Key("Glycérine"), "GLYCERINE");
  EXPECT_EQ(norm_->Key("Cire d’Abeille"), "CIRE D'ABEILLE");
  EXPECT_EQ(norm_->Key("Huile Minérale"), "HUILE MINERALE");
}

TEST_F(NormalizerTest, FoldsFullWidthForms) { EXPECT_EQ(norm_->Key("ＷＡＴＥＲ（ＡＱＵＡ）"), "WATER(AQUA)"); }

TEST_F(NormalizerTest, DropsSpacesAroundSlashesAndInsideBrackets) {
  EXPECT_EQ(norm_->Key("Styrene / Acrylates Copolymer"), "STYRENE/ACRYLATES COPOLYMER");
  EXPECT_EQ(norm_->Key("Titanium Dioxide ( nano )"), "TITANIUM DIOXIDE (NANO)");
}

TEST_F(NormalizerTest, DropsTrailingPeriods) {
  EXPECT_EQ(norm_->Key("Alcohol Denat."), "ALCOHOL DENAT");
  EXPECT_EQ(norm_->Key("Water."), "WATER");
}

TEST_F(NormalizerTest, KeepsLocantCommasAndDigits) { EXPECT_EQ(norm_->Key("1,2-Hexanediol"), "1,2-HEXANEDIOL"); }

TEST_F(NormalizerTest, InvalidUtf8BecomesReplacementCharactersAsInIcu) {
  // A lone continuation byte, a cut sequence, an overlong form, an encoded
  // surrogate, a byte that never starts one, and a sequence cut at the end.
  for (std::string bad : {"Glyc\xC3\x28rin \xFF", "\x80\x80 Aqua", "Ca\xE2\x82 x\xE2", "\xC0\xAF", "\xED\xA0\x80 e",
                          "\xF8\x88\x80\x80\x80", "\xF0\x9F\x98", "\xC3\xA9\xC3"}) {
    EXPECT_EQ(norm_->Key(bad), KeyByIcu(bad)) << bad;
  }
}

std::string Utf8(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// NFKC then the table, character by character, must give the key ICU gives
// the whole name: every character of the Basic Multilingual Plane and of the
// planes' letters and symbols, between letters, doubled, before a combining
// accent and before a Hangul vowel (a leading consonant composes with it).
TEST_F(NormalizerTest, TableAgreesWithIcuForEveryCharacterInContext) {
  int checked = 0;
  for (char32_t cp = 0x80; cp <= 0x1FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string c = Utf8(cp);
    for (const std::string& name :
         {"a" + c + "b", "E" + c + c + "e", "1 " + c + "\xcc\x81", c + "\xc3\xa9 x", c + "\xe1\x85\xa1"}) {
      ASSERT_EQ(norm_->Key(name), KeyByIcu(name)) << "U+" << std::hex << static_cast<uint32_t>(cp) << " in " << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 5 * (0x1FFFF - 0x80 + 1 - 0x800));
  // Characters seen on real labels.
  EXPECT_EQ(norm_->Key("Glyc\xc3\xa9rine"), "GLYCERINE");               // é
  EXPECT_EQ(norm_->Key("Vitamin E\xe2\x84\xa2"), "VITAMIN ETM");        // ™
  EXPECT_EQ(norm_->Key("Aqua\xc2\xa0Water"), "AQUA WATER");             // no-break space
  EXPECT_EQ(norm_->Key("\xce\xb1-Tocopherol"), "\xce\x91-TOCOPHEROL");  // α: not Latin, upper-cased
}

// Random names of the characters folding is hard on (marks, letters that
// compose with them, ligatures, Hangul, ß, dotted I, Greek with tonos).
TEST_F(NormalizerTest, TableAgreesWithIcuOnRandomMixedNames) {
  const std::vector<std::string> pieces = {"a",
                                           "E",
                                           " ",
                                           "-",
                                           "\xcc\x81",
                                           "\xcc\x88",
                                           "\xcc\xa7",
                                           "\xcd\x85",
                                           "\xc3\xa9",
                                           "\xc3\x9f",
                                           "\xc4\xb0",
                                           "\xc5\x93",
                                           "\xef\xac\x81",
                                           "\xe1\x84\x80",
                                           "\xe1\x85\xa1",
                                           "\xe1\x86\xa8",
                                           "\xce\xac",
                                           "\xce\x90",
                                           "\xe2\x80\x99",
                                           "\xe2\x84\xa2",
                                           "\xef\xbc\xa1",
                                           "\xc2\xb2",
                                           "\xd9\x8b",
                                           "\xe0\xa4\x95",
                                           "\xe0\xa4\xbc",
                                           "\xe3\x82\xab",
                                           "\xe3\x82\x99",
                                           "\xea\xb0\x80",
                                           "\xc7\x84"};
  std::mt19937 rng(19);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), length(1, 12);
  for (int n = 0; n < 20000; ++n) {
    std::string name;
    for (size_t k = length(rng); k > 0; --k) name += pieces[pick(rng)];
    ASSERT_EQ(norm_->Key(name), KeyByIcu(name)) << name;
  }
}

TEST(FoldTableCreate, RefusesABlobThatIsNotOne) {
  EXPECT_EQ(Normalizer::Create("").status().code(), StatusCode::kDataError);
  EXPECT_EQ(Normalizer::Create(std::string(3, '\0')).status().code(), StatusCode::kDataError);
}

TEST(AsciiKey, MatchesTheIcuPathOnAscii) {
  EXPECT_EQ(AsciiKey("peg-40 Hydrogenated  castor oil"), "PEG-40 HYDROGENATED CASTOR OIL");
}

// The key rules a byte at a time, as the header states them: what the key
// of any text must equal, whichever way AsciiKey reaches it (most names
// take a path that upper-cases 16 bytes at a time).
std::string KeyByBytes(std::string_view in) {
  std::string out;
  bool space = false;
  for (char c : in) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (space && !(out.back() == '(' || out.back() == '[' || out.back() == '/' || c == ')' || c == ']' || c == '/')) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

TEST(AsciiKey, EqualsTheRulesByteByByteAtBlockEdges) {
  // Each shape at every offset around the 16-byte blocks' edges.
  const std::string kShapes[] = {" ", "  ", "( ", " )",   "[ ",   " ]",       "/ ",   " /", " / ",
                                 ".", ". ", "\t", "\x7f", "\x1f", "\xc3\xa9", "a",    "z",  "A",
                                 "`", "{",  "@",  "(",    ")/",   "\xff ",    " \x80"};
  for (const std::string& shape : kShapes) {
    for (size_t at = 0; at <= 40; ++at) {
      for (size_t len : {at + shape.size(), at + shape.size() + 1, size_t{48}}) {
        std::string s(std::max(len, at + shape.size()), 'q');
        for (size_t k = 0; k < s.size(); k += 5) s[k] = 'Q';
        s.replace(at, shape.size(), shape);
        EXPECT_EQ(AsciiKey(s), KeyByBytes(s)) << '"' << s << '"';
      }
    }
  }
}

TEST(AsciiKey, EqualsTheRulesByteByByteOnRealText) {
  size_t pieces = 0, upper_case = 0;
  for (const char* file : testing::kRealCatalogs) {
    for (const auto& record : testing::RealCatalogRecords(file)) {
      for (const std::string& field : record) {
        for (size_t b = 0; b <= field.size();) {
          size_t e = std::min(field.find(',', b), field.size());
          std::string_view piece = std::string_view(field).substr(b, e - b);
          if (b % 2 == 0) piece = ascii::Trim(piece);  // as the reader passes names, and as written
          const std::string want = KeyByBytes(piece);
          ASSERT_EQ(AsciiKey(piece), want) << '"' << piece << '"';
          ++pieces;
          upper_case += want.size() == piece.size();
          b = e + 1;
        }
      }
    }
  }
  EXPECT_GT(pieces, 500000u);
  EXPECT_GT(upper_case * 2, pieces);  // most pieces are their keys upper-cased: the fast path is taken
}

}  // namespace
}  // namespace aftercare::text
