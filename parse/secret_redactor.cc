#include "parse/secret_redactor.h"

#include <algorithm>
#include <vector>

#include "parse/config_parser.h"
#include "parse/parsed_config.h"
#include "parse/secret_table.h"

namespace cfgsweep {

namespace {

// What replaces each secret of one config: kRedacted, except that distinct secrets naming
// nodes get distinct stand-ins ("<redacted>", "<redacted-2>", ...) by first appearance, so
// that redaction merges no two nodes (two SNMP communities) in the tree or in a saved
// backup parsed again. The tree and the saved text number them alike: both visit the same
// tree's nodes in order.
class StandIns {
 public:
  explicit StandIns(std::string_view redacted) : redacted_(redacted) {}
  std::string for_secret(std::string_view secret, bool names_node) {
    if (!names_node) return std::string(redacted_);
    auto seen = std::find(names_.begin(), names_.end(), secret);
    std::size_t ordinal = static_cast<std::size_t>(seen - names_.begin()) + 1;
    if (seen == names_.end()) names_.emplace_back(secret);
    if (ordinal == 1) return std::string(redacted_);
    std::string numbered(redacted_);
    std::size_t close = numbered.rfind(redacted_.back() == ';' ? '&' : '>');
    numbered.insert(close, "-" + std::to_string(ordinal));
    return numbered;
  }

 private:
  std::string_view redacted_;
  std::vector<std::string> names_;
};

// `field` with each token's bytes replaced by its stand-in.
std::string replace_tokens(std::string_view field, const std::vector<SecretToken>& tokens,
                           bool in_value, StandIns* stand_ins) {
  std::string out;
  std::size_t at = 0;
  for (const SecretToken& t : tokens) {
    if (t.in_value != in_value) continue;
    out.append(field.substr(at, t.begin - at))
        .append(stand_ins->for_secret(field.substr(t.begin, t.length), t.names_node));
    at = t.begin + t.length;
  }
  out.append(field.substr(std::min(at, field.size())));
  return out;
}

bool within(std::string_view outer, std::string_view inner) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

// A byte range of the config text to replace, and with what.
struct Replacement {
  std::size_t offset;
  std::size_t length;
  std::string stand_in;
};

// The start of each line of `text`, for text fields that the parser copied (unescaped XML or
// JSON strings): their secret is found again on their line.
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
    starts.push_back(i + 1);
  return starts;
}

void locate(std::string_view config, const std::vector<std::size_t>& starts, uint32_t line,
            std::string_view field, const SecretToken& token, std::string stand_in,
            std::vector<Replacement>* out) {
  std::string_view secret = field.substr(token.begin, token.length);
  if (within(config, field)) {
    out->push_back({static_cast<std::size_t>(field.data() - config.data()) + token.begin,
                    token.length, std::move(stand_in)});
    return;
  }
  if (line == 0 || line > starts.size()) return;
  std::size_t begin = starts[line - 1];
  std::size_t end = line < starts.size() ? starts[line] : config.size();
  std::size_t found = config.substr(begin, end - begin).find(secret);
  if (found != std::string_view::npos)
    out->push_back({begin + found, secret.size(), std::move(stand_in)});
}

// XML text cannot hold '<': the stand-in is escaped there, and parses back to kRedacted.
std::string_view stand_in_for(ConfigFormat format) {
  return format == ConfigFormat::kXml ? "&lt;redacted&gt;" : kRedacted;
}

std::vector<Replacement> tree_replacements(std::string_view config, ConfigFormat format,
                                           bool* parsed_whole) {
  ParsedConfig parsed;
  parse_config(format, config, &parsed);
  std::vector<Replacement> out;
  *parsed_whole = !parsed.fatal;
  if (parsed.fatal) return out;
  StandIns stand_ins(stand_in_for(format));
  std::vector<std::size_t> starts = line_starts(config);
  std::vector<SecretToken> tokens;
  for (int32_t i = 1; i < static_cast<int32_t>(parsed.tree.size()); ++i) {
    tokens.clear();
    find_node_secrets(parsed.tree, i, format, &tokens);
    const ConfigNode& n = parsed.tree.node(i);
    for (const SecretToken& t : tokens) {
      std::string_view field = t.in_value ? n.value : n.text;
      locate(config, starts, n.line, field, t,
             stand_ins.for_secret(field.substr(t.begin, t.length), t.names_node), &out);
    }
  }
  return out;
}

std::vector<Replacement> line_replacements(std::string_view config) {
  std::vector<Replacement> out;
  std::vector<SecretToken> tokens;
  std::size_t begin = 0;
  while (begin < config.size()) {
    std::size_t end = config.find('\n', begin);
    if (end == std::string_view::npos) end = config.size();
    tokens.clear();
    find_line_secrets(config.substr(begin, end - begin), &tokens);
    for (const SecretToken& t : tokens)
      out.push_back({begin + t.begin, t.length, std::string(kRedacted)});
    begin = end + 1;
  }
  return out;
}

}  // namespace

int redact_tree(ConfigTree* tree, ConfigFormat format) {
  StandIns stand_ins(kRedacted);
  int replaced = 0;
  std::vector<SecretToken> tokens;
  for (int32_t i = 1; i < static_cast<int32_t>(tree->size()); ++i) {
    const ConfigNode& n = tree->node(i);
    if (n.flags & ConfigNode::kSecret) continue;
    tokens.clear();
    find_node_secrets(*tree, i, format, &tokens);
    if (tokens.empty()) continue;
    std::string text = replace_tokens(n.text, tokens, false, &stand_ins);
    tree->redact(i, std::move(text), replace_tokens(n.value, tokens, true, &stand_ins));
    replaced += static_cast<int>(tokens.size());
  }
  return replaced;
}

std::string redact_line(std::string_view line) {
  std::vector<SecretToken> tokens;
  find_line_secrets(line, &tokens);
  StandIns stand_ins(kRedacted);
  return replace_tokens(line, tokens, false, &stand_ins);
}

std::string redact_config_text(std::string_view config, int* count) {
  ConfigFormat format = detect_format(config).format;
  bool parsed = false;
  std::vector<Replacement> replacements;
  if (format != ConfigFormat::kUnknown) replacements = tree_replacements(config, format, &parsed);
  // Text of no known format, and a config its parser gave up on, are redacted line by
  // line: never left as they were.
  if (!parsed) replacements = line_replacements(config);
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.offset < b.offset; });
  std::string out;
  std::size_t at = 0;
  int replaced = 0;
  for (const Replacement& r : replacements) {
    if (r.offset < at) continue;  // overlaps the one before
    out.append(config.substr(at, r.offset - at)).append(r.stand_in);
    at = r.offset + r.length;
    ++replaced;
  }
  out.append(config.substr(at));
  if (count) *count = replaced;
  return out;
}

std::string redact_pem_blocks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool inside = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, next - start);
    const bool begins = line.find("-----BEGIN ") != std::string_view::npos;
    const bool ends = line.find("-----END ") != std::string_view::npos;
    if (inside && !begins && !ends) {
      out.append(kRedacted);
      if (end != std::string_view::npos) out.push_back('\n');
    } else {
      out.append(line);
    }
    if (begins)
      inside = !ends;
    else if (ends)
      inside = false;
    start = next;
  }
  return out;
}

}  // namespace cfgsweep
