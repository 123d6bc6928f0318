#include "parse/secret_redactor.h"

#include <algorithm>
#include <vector>

#include "parse/config_parser.h"
#include "parse/parsed_config.h"
#include "parse/secret_table.h"

namespace cfgsweep {

namespace {

// `field` with each token's bytes replaced by `replacement`.
std::string replace_tokens(std::string_view field, const std::vector<SecretToken>& tokens,
                           bool in_value, std::string_view replacement) {
  std::string out;
  std::size_t at = 0;
  for (const SecretToken& t : tokens) {
    if (t.in_value != in_value) continue;
    out.append(field.substr(at, t.begin - at)).append(replacement);
    at = t.begin + t.length;
  }
  out.append(field.substr(std::min(at, field.size())));
  return out;
}

bool within(std::string_view outer, std::string_view inner) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

// A byte range of the config text to replace.
struct Replacement {
  std::size_t offset;
  std::size_t length;
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
            std::string_view field, const SecretToken& token, std::vector<Replacement>* out) {
  std::string_view secret = field.substr(token.begin, token.length);
  if (within(config, field)) {
    out->push_back(
        {static_cast<std::size_t>(field.data() - config.data()) + token.begin, token.length});
    return;
  }
  if (line == 0 || line > starts.size()) return;
  std::size_t begin = starts[line - 1];
  std::size_t end = line < starts.size() ? starts[line] : config.size();
  std::size_t found = config.substr(begin, end - begin).find(secret);
  if (found != std::string_view::npos) out->push_back({begin + found, secret.size()});
}

std::vector<Replacement> tree_replacements(std::string_view config, ConfigFormat format) {
  ParsedConfig parsed;
  parse_config(format, config, &parsed);
  std::vector<Replacement> out;
  if (parsed.fatal) return out;
  std::vector<std::size_t> starts = line_starts(config);
  std::vector<SecretToken> tokens;
  for (int32_t i = 1; i < static_cast<int32_t>(parsed.tree.size()); ++i) {
    tokens.clear();
    find_node_secrets(parsed.tree, i, format, &tokens);
    const ConfigNode& n = parsed.tree.node(i);
    for (const SecretToken& t : tokens)
      locate(config, starts, n.line, t.in_value ? n.value : n.text, t, &out);
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
    for (const SecretToken& t : tokens) out.push_back({begin + t.begin, t.length});
    begin = end + 1;
  }
  return out;
}

}  // namespace

int redact_tree(ConfigTree* tree, ConfigFormat format) {
  int replaced = 0;
  std::vector<SecretToken> tokens;
  for (int32_t i = 1; i < static_cast<int32_t>(tree->size()); ++i) {
    const ConfigNode& n = tree->node(i);
    if (n.flags & ConfigNode::kSecret) continue;
    tokens.clear();
    find_node_secrets(*tree, i, format, &tokens);
    if (tokens.empty()) continue;
    tree->redact(i, replace_tokens(n.text, tokens, false, kRedacted),
                 replace_tokens(n.value, tokens, true, kRedacted));
    replaced += static_cast<int>(tokens.size());
  }
  return replaced;
}

std::string redact_line(std::string_view line) {
  std::vector<SecretToken> tokens;
  find_line_secrets(line, &tokens);
  return replace_tokens(line, tokens, false, kRedacted);
}

std::string redact_config_text(std::string_view config, int* count) {
  ConfigFormat format = detect_format(config).format;
  std::vector<Replacement> replacements = format == ConfigFormat::kUnknown
                                              ? line_replacements(config)
                                              : tree_replacements(config, format);
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.offset < b.offset; });
  // XML text cannot hold '<': the stand-in is escaped there, and parses back to kRedacted.
  std::string_view stand_in = format == ConfigFormat::kXml ? "&lt;redacted&gt;" : kRedacted;
  std::string out;
  std::size_t at = 0;
  int replaced = 0;
  for (const Replacement& r : replacements) {
    if (r.offset < at) continue;  // overlaps the one before
    out.append(config.substr(at, r.offset - at)).append(stand_in);
    at = r.offset + r.length;
    ++replaced;
  }
  out.append(config.substr(at));
  if (count) *count = replaced;
  return out;
}

}  // namespace cfgsweep
