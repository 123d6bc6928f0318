#include "parse/vendor_evidence.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cstring>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "parse/vendor_markers.h"

namespace cfgsweep {

namespace {

// A signal that takes more than a text to see (a shape of line), computed per line.
struct Signal {
  std::string_view name;
  VendorSet set;
  int weight;
};

constexpr Signal kPrefixAddress{"addresses written as A.B.C.D/N",
                                vendor_set("cisco_ios cisco_iosxe cisco_asa"), -3};
constexpr Signal kMaskAddress{"addresses written with a netmask",
                              vendor_set("cisco_nxos arista_eos frr"), -3};
constexpr Signal kVersionParen{"'version N.N(N)'", vendor_set("cisco_nxos"), 3};
constexpr Signal kFourPartName{"interface names rack/slot/module/port", vendor_set("cisco_iosxr"),
                               3};
constexpr Signal kUnterminatedLeaves{"brace leaves without ';'", vendor_set("vyos"), 2};
constexpr Signal kUnterminatedAgainst{"brace leaves without ';'",
                                      vendor_set("juniper_junos paloalto_panos"), -4};
constexpr Signal kTerminatedLeaves{"brace leaves ending in ';'", vendor_set("vyos"), -4};
constexpr Signal kSingleQuoted{"values in single quotes", vendor_set("vyos"), 2};
constexpr Signal kNumericBgp{"'set protocols bgp <AS>'", vendor_set("vyos"), 4};

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "10.0.0.1/24": a dotted quad with a prefix length.
bool is_prefix(std::string_view word) {
  auto slash = word.find('/');
  return slash != std::string_view::npos && slash > 6 &&
         std::count(word.begin(), word.end(), '.') == 3 && slash + 1 < word.size() &&
         is_digit(word[slash + 1]) && is_digit(word.front());
}

bool is_dotted_quad(std::string_view word) {
  return word.size() >= 7 && is_digit(word.front()) &&
         std::count(word.begin(), word.end(), '.') == 3 &&
         word.find_first_not_of("0123456789.") == std::string_view::npos;
}

// The index-th word of `line` (0-based), or "": word_at("ip address 1 2", 2) is "1".
std::string_view word_at(std::string_view line, int index) {
  std::size_t pos = 0;
  for (int i = 0;; ++i) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string_view::npos) return {};
    std::size_t end = std::min(line.find(' ', pos), line.size());
    if (i == index) return line.substr(pos, end - pos);
    pos = end;
  }
}

// A table's line markers grouped by their text's first character, one index for unindented
// lines and one for indented ones, so that a line is compared only with the few markers
// that can match it.
// Up to the first 8 bytes of a text as one word, and the mask of the bytes it has: a line
// and a marker whose words differ under the marker's mask cannot match, and most do differ,
// so few comparisons go on to memcmp.
uint64_t prefix_word(std::string_view text) {
  uint64_t word = 0;
  std::memcpy(&word, text.data(), std::min<std::size_t>(8, text.size()));
  return word;
}

uint64_t prefix_mask(std::size_t size) {
  return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
}

// The bucket of a line or a marker: its first byte, or for "set ..." the byte after "set "
// (a set file's lines all start alike, and so do most of its table's markers).
std::size_t bucket_key(std::string_view text) {
  if (text.size() > 4 && text.starts_with("set ")) return 256 + static_cast<unsigned char>(text[4]);
  return static_cast<unsigned char>(text.front());
}

std::vector<Vendor> candidates(std::span<const Marker> table);

struct IndexedTable {
  explicit IndexedTable(std::span<const Marker> table)
      : markers(table), vendors(candidates(table)) {
    for (std::size_t i = 0; i < table.size(); ++i) {
      const Marker& m = table[i];
      prefixes[i] = prefix_word(m.text);
      masks[i] = prefix_mask(m.text.size());
      std::size_t first = bucket_key(m.text);
      if (m.anchor == Anchor::kAnywhere) {
        anywhere.push_back(static_cast<uint16_t>(i));
        continue;
      }
      if (m.anchor != Anchor::kIndented) unindented[first].push_back(static_cast<uint16_t>(i));
      if (m.anchor != Anchor::kLineStart) indented[first].push_back(static_cast<uint16_t>(i));
    }
  }
  std::span<const Marker> markers;
  std::vector<Vendor> vendors;  // the vendors the table can name, in tie-breaking order
  std::array<std::vector<uint16_t>, 512> unindented;
  std::array<std::vector<uint16_t>, 512> indented;
  std::vector<uint16_t> anywhere;
  std::array<uint64_t, kMaxMarkers> prefixes{};
  std::array<uint64_t, kMaxMarkers> masks{};
};

// Markers that may stand anywhere in a line are looked for in the first 16 KiB only: they
// are headers ("RANCID-CONTENT-TYPE", an XML root's attributes) or words of lines that come
// early, and each is a pass over the text, where line markers share one.
constexpr std::size_t kAnywhereBytes = 16 * 1024;

// What one pass over the head found: which markers, which signals.
class Evidence {
 public:
  explicit Evidence(const IndexedTable& table) : table_(table), markers_(table.markers) {}

  void scan_anywhere(std::string_view head) {
    std::string_view start = head.substr(0, kAnywhereBytes);
    for (uint16_t i : table_.anywhere)
      hit_[i] = memmem(start.data(), start.size(), markers_[i].text.data(),
                       markers_[i].text.size()) != nullptr;
  }

  // Reads whole lines of `text`; may be called again with the text that follows.
  void scan_lines(std::string_view text, ConfigFormat format) {
    while (!text.empty()) {
      auto end = text.find('\n');
      line(text.substr(0, end), format, &shapes_);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    signal_count_ = 0;
    shapes_.conclude(this);
  }

  void add(const Signal& signal) {
    if (signal_count_ < signals_.size()) signals_[signal_count_++] = &signal;
  }

  // The score of each vendor, and the texts behind it.
  int score(Vendor vendor, std::string* shown) const {
    VendorSet bit = VendorSet{1} << static_cast<unsigned>(vendor);
    int total = 0;
    auto show = [&](std::string_view text, int weight) {
      if (shown) *shown += fmt::format("{}'{}' {:+d}", shown->empty() ? "" : ", ", text, weight);
    };
    for (std::size_t i = 0; i < markers_.size(); ++i)
      if (hit_[i] && (markers_[i].set & bit)) {
        total += markers_[i].weight;
        show(markers_[i].text, markers_[i].weight);
      }
    for (const Signal* s : std::span(signals_).first(signal_count_))
      if (s->set & bit) {
        total += s->weight;
        show(s->name, s->weight);
      }
    return total;
  }

 private:
  // Per-file counts behind the computed signals.
  struct LineShapes {
    int prefix_addresses = 0;
    int mask_addresses = 0;
    int version_paren = 0;
    int four_part_names = 0;
    int open_leaves = 0;    // brace lines that are neither '{', '}' nor end in ';'
    int closed_leaves = 0;  // brace lines ending in ';' (not '{', '}')
    int single_quoted = 0;
    int numeric_bgp = 0;

    void conclude(Evidence* e) const {
      if (prefix_addresses > 0) e->add(kPrefixAddress);
      if (mask_addresses > 0) e->add(kMaskAddress);
      if (version_paren > 0) e->add(kVersionParen);
      if (four_part_names > 0) e->add(kFourPartName);
      if (open_leaves >= 5 && closed_leaves == 0) {
        e->add(kUnterminatedLeaves);
        e->add(kUnterminatedAgainst);
      }
      if (closed_leaves >= 2) e->add(kTerminatedLeaves);
      if (single_quoted > 0) e->add(kSingleQuoted);
      if (numeric_bgp > 0) e->add(kNumericBgp);
    }
  };

  void line(std::string_view raw, ConfigFormat format, LineShapes* shapes) {
    std::string_view text = trim_blanks(raw);
    if (text.empty()) return;
    bool indented = raw.front() == ' ' || raw.front() == '\t';
    const auto& bucket = (indented ? table_.indented : table_.unindented)[bucket_key(text)];
    uint64_t line_word = bucket.empty() ? 0 : prefix_word(text);
    for (uint16_t i : bucket) {
      if (hit_[i] || (line_word & table_.masks[i]) != table_.prefixes[i]) continue;
      const Marker& m = markers_[i];
      hit_[i] = m.anchor == Anchor::kWholeLine ? text == m.text : text.starts_with(m.text);
    }
    if (format == ConfigFormat::kIosFamily) ios_shapes(text, indented, shapes);
    if (format == ConfigFormat::kBraces) brace_shapes(text, shapes);
    if (format == ConfigFormat::kSetCommands) set_shapes(text, shapes);
  }

  static void ios_shapes(std::string_view text, bool indented, LineShapes* shapes) {
    if (indented && text.starts_with("ip address ")) {
      std::string_view address = word_at(text, 2);
      shapes->prefix_addresses += is_prefix(address);
      shapes->mask_addresses += is_dotted_quad(address) && is_dotted_quad(word_at(text, 3));
    } else if (!indented && text.starts_with("ip route ")) {
      std::string_view prefix = word_at(text, 2);
      if (prefix == "vrf") prefix = word_at(text, 4);
      shapes->prefix_addresses += is_prefix(prefix);
      shapes->mask_addresses += is_dotted_quad(prefix) && is_dotted_quad(word_at(text, 3));
    } else if (!indented && text.starts_with("version ")) {
      std::string_view v = word_at(text, 1);
      shapes->version_paren += v.find('(') != std::string_view::npos;
    } else if (!indented && text.starts_with("interface ")) {
      std::string_view name = word_at(text, 1);
      shapes->four_part_names += std::count(name.begin(), name.end(), '/') == 3 &&
                                 std::isalpha(static_cast<unsigned char>(name.front()));
    }
  }

  static void brace_shapes(std::string_view text, LineShapes* shapes) {
    if (text.starts_with("/*") || text.starts_with("#") || text.starts_with("//")) return;
    char last = text.back();
    if (last == '{' || last == '}' || text.front() == '}') return;
    (last == ';' ? shapes->closed_leaves : shapes->open_leaves) += 1;
  }

  static void set_shapes(std::string_view text, LineShapes* shapes) {
    if (!text.starts_with("set ")) return;
    shapes->single_quoted += text.back() == '\'';
    if (text.starts_with("set protocols bgp "))
      shapes->numeric_bgp += is_digit(word_at(text, 3).front());
  }

  const IndexedTable& table_;
  std::span<const Marker> markers_;
  std::bitset<kMaxMarkers> hit_;
  LineShapes shapes_;
  std::array<const Signal*, 16> signals_{};  // LineShapes::conclude adds at most 9
  std::size_t signal_count_ = 0;
};

const IndexedTable* evidence_table(ConfigFormat format) {
  static const IndexedTable ios(vendor_markers(ConfigFormat::kIosFamily)),
      set(vendor_markers(ConfigFormat::kSetCommands)), brace(vendor_markers(ConfigFormat::kBraces)),
      xml(vendor_markers(ConfigFormat::kXml)), json(vendor_markers(ConfigFormat::kJson)),
      yaml(vendor_markers(ConfigFormat::kYaml));
  switch (format) {
    case ConfigFormat::kIosFamily:
      return &ios;
    case ConfigFormat::kSetCommands:
      return &set;
    case ConfigFormat::kBraces:
      return &brace;
    case ConfigFormat::kXml:
      return &xml;
    case ConfigFormat::kJson:
      return &json;
    case ConfigFormat::kYaml:
      return &yaml;
    default:
      return nullptr;
  }
}

// The vendors a table can name, in the order ties are broken (IOS before IOS-XE).
std::vector<Vendor> candidates(std::span<const Marker> table) {
  VendorSet all = 0;
  for (const Marker& m : table)
    if (m.weight > 0) all |= m.set;
  std::vector<Vendor> out;
  for (unsigned v = 1; v < 32; ++v)
    if (all & (VendorSet{1} << v)) out.push_back(static_cast<Vendor>(v));
  return out;
}

// Calibrated over ../shared/corpus (docs/detection.md): the share of files named with this
// much evidence whose vendor was right.
double calibrated_confidence(int score, int margin) {
  if (score >= 8 && margin >= 6) return 0.99;
  if (score >= 6 && margin >= 4) return 0.97;
  return 0.9;
}

}  // namespace

namespace {

struct Ranking {
  Vendor best = Vendor::kUnknown;
  int best_score = 0;
  Vendor runner_up = Vendor::kUnknown;
  int second = 0;

  bool decisive() const { return best_score >= 8 && best_score - second >= 6; }
};

bool ios_siblings(Vendor a, Vendor b) {
  auto ios = [](Vendor v) { return v == Vendor::kCiscoIos || v == Vendor::kCiscoIosxe; };
  return ios(a) && ios(b);
}

Ranking rank(const Evidence& evidence, const std::vector<Vendor>& vendors) {
  Ranking r;
  for (Vendor v : vendors) {
    int s = evidence.score(v, nullptr);
    // IOS-XE is named over IOS only on evidence of its own (a strictly higher score).
    if (s > r.best_score) {
      r.best = v;
      r.best_score = s;
    }
  }
  for (Vendor v : vendors) {
    if (v == r.best || ios_siblings(v, r.best)) continue;
    int s = evidence.score(v, nullptr);
    if (s > r.second) {
      r.second = s;
      r.runner_up = v;
    }
  }
  return r;
}

// Line markers are read in the first 16 KiB, and in the rest of the head only when that
// was not decisive: the evidence of a vendor stands at the top of its configs (banners,
// version lines, global commands before the interfaces), and reading 64 KiB of a large
// config for it doubled the cost of detection.
constexpr std::size_t kDecisiveBytes = 16 * 1024;

}  // namespace

VendorVerdict weigh_vendor_evidence(ConfigFormat format, std::string_view head) {
  const IndexedTable* table = evidence_table(format);
  if (!table) return {};
  Evidence evidence(*table);
  evidence.scan_anywhere(head);
  const std::vector<Vendor>& vendors = table->vendors;
  Ranking r;
  if (format == ConfigFormat::kXml || format == ConfigFormat::kJson) {
    r = rank(evidence, vendors);
  } else {
    std::size_t cut = head.size() <= kDecisiveBytes ? head.size() : head.find('\n', kDecisiveBytes);
    cut = cut == std::string_view::npos ? head.size() : cut;
    evidence.scan_lines(head.substr(0, cut), format);
    r = rank(evidence, vendors);
    if (cut < head.size() && !r.decisive()) {
      evidence.scan_lines(head.substr(cut), format);
      r = rank(evidence, vendors);
    }
  }
  VendorVerdict verdict;
  verdict.score = r.best_score;
  if (r.best == Vendor::kUnknown || r.best_score < kNamingScore) {
    verdict.reason = r.best == Vendor::kUnknown
                         ? "no vendor's evidence"
                         : fmt::format("too little evidence for a vendor ({} {})",
                                       enum_name(r.best), r.best_score);
    return verdict;
  }
  if (r.best_score - r.second < kNamingMargin) {
    verdict.reason = fmt::format("evidence for {} ({}) and {} ({}) too close to tell",
                                 enum_name(r.best), r.best_score, enum_name(r.runner_up), r.second);
    return verdict;
  }
  std::string shown;
  evidence.score(r.best, &shown);
  verdict.vendor = r.best;
  verdict.confidence = calibrated_confidence(r.best_score, r.best_score - r.second);
  verdict.reason = fmt::format("{}: {}", enum_name(r.best), shown);
  return verdict;
}

}  // namespace cfgsweep
