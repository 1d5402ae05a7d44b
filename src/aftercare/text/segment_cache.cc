#include "aftercare/text/segment_cache.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "aftercare/base/string_hash.h"

namespace aftercare::text {
namespace {

constexpr size_t kBlockBytes = size_t{64} << 10;
constexpr size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

uint64_t HashOf(uint8_t context, std::string_view text) {
  return HashBytes(text) ^ (static_cast<uint64_t>(context) + 1) * 0x9E3779B97F4A7C15ull;
}

}  // namespace

SegmentCache::SegmentCache(size_t max_entries) : max_entries_(max_entries) {}
SegmentCache::~SegmentCache() = default;

void SegmentCache::Clear() {
  slots_.clear();
  blocks_.clear();
  block_used_ = block_size_ = 0;
  size_ = 0;
}

size_t SegmentCache::Probe(uint64_t h, uint8_t context, std::string_view text) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.record == nullptr) return i;
    if (s.hash == h && HeadOf(s.record).context == context && TextOf(s.record) == text) return i;
  }
}

SegmentCache::Record SegmentCache::Find(uint8_t context, std::string_view text) {
  if (slots_.empty()) return Record();
  return Record(slots_[Probe(HashOf(context, text), context, text)].record);
}

char* SegmentCache::Allocate(size_t bytes) {
  if (block_used_ + bytes > block_size_) {
    block_size_ = std::max(bytes, kBlockBytes);
    blocks_.push_back(std::make_unique<char[]>(block_size_));  // 16-aligned, as new gives
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  block_used_ += Align8(bytes);
  return p;
}

void SegmentCache::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<size_t>(64, old.size() * 2), Slot());
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.record == nullptr) continue;
    size_t i = s.hash & mask;
    while (slots_[i].record != nullptr) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

SegmentCache::Record SegmentCache::Insert(uint8_t context, std::string_view text, std::span<const SegmentToken> tokens,
                                          std::span<const SegmentNote> notes, bool takes_break, int break_token) {
  if (2 * (size_ + 1) > slots_.size()) Grow();
  const uint64_t h = HashOf(context, text);
  Slot& slot = slots_[Probe(h, context, text)];
  if (slot.record != nullptr) return Record();  // kept already
  size_t bytes = kTokensAt + tokens.size() * sizeof(TokenRec) + notes.size() * sizeof(NoteRec) + text.size();
  for (const SegmentToken& t : tokens) bytes += t.name.size();
  for (const SegmentNote& n : notes) bytes += n.message.size();
  char* const p = Allocate(bytes);
  new (p) Head{static_cast<uint32_t>(text.size()),
               static_cast<uint32_t>(tokens.size()),
               static_cast<uint32_t>(notes.size()),
               break_token,
               context,
               takes_break};
  size_t at = kTokensAt + tokens.size() * sizeof(TokenRec) + notes.size() * sizeof(NoteRec);
  const auto put = [&](std::string_view bytes_in) {
    std::memcpy(p + at, bytes_in.data(), bytes_in.size());
    at += bytes_in.size();
    return static_cast<uint32_t>(at - bytes_in.size());
  };
  put(text);
  for (size_t k = 0; k < tokens.size(); ++k) {
    const SegmentToken& t = tokens[k];
    const uint8_t flags = static_cast<uint8_t>((t.percent ? kHasPercent : 0) | (t.nano ? kNano : 0) |
                                               (t.prose_suspect ? kProseSuspect : 0) | (t.colon_head ? kColonHead : 0) |
                                               (t.pack_text ? kPackText : 0));
    new (p + kTokensAt + k * sizeof(TokenRec))
        TokenRec{t.begin, t.end, put(t.name), static_cast<uint32_t>(t.name.size()), t.percent.value_or(0), 0, flags};
  }
  char* const notes_at = p + kTokensAt + tokens.size() * sizeof(TokenRec);
  for (size_t k = 0; k < notes.size(); ++k) {
    const SegmentNote& n = notes[k];
    new (notes_at + k * sizeof(NoteRec))
        NoteRec{n.begin, n.end, put(n.message), static_cast<uint32_t>(n.message.size()), n.kind};
  }
  slot = {h, p};
  ++size_;
  return Record(p);
}

}  // namespace aftercare::text
