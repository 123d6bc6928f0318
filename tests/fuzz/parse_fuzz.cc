// Every parser: the first byte picks the syntax, the rest is the config. The tree must be
// well formed (parents before children, lines within the input), and redacting its secrets
// must keep it so.
#include "fuzz_support.h"
#include "parse/config_parser.h"
#include "parse/parsed_config.h"
#include "parse/secret_redactor.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr int kFormats = static_cast<int>(ConfigFormat::kIfupdown);
  auto format = static_cast<ConfigFormat>(1 + data[0] % kFormats);
  std::string_view content = fuzz::as_text(data + 1, size - 1);
  ParsedConfig parsed;
  parse_config(format, content, &parsed);
  if (parsed.fatal) return 0;
  const ConfigTree& tree = parsed.tree;
  for (int32_t i = 1; i < static_cast<int32_t>(tree.size()); ++i) {
    const ConfigNode& n = tree.node(i);
    fuzz::fuzz_check(n.parent < i, "a parent comes before its children");
    fuzz::fuzz_check(n.line <= parsed.line_count + 1, "node lines within the input");
  }
  redact_tree(&parsed.tree, format);
  (void)parsed.tree.outline(true);
  (void)redact_config_text(content);
  return 0;
}
