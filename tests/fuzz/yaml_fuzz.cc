// The block-YAML fast path against libyaml: whenever the fast path accepts an input, libyaml
// must accept it too and build the same tree, with the same lines.
#include "fuzz_support.h"
#include "parse/parsed_config.h"
#include "parse/yaml_block_parser.h"
#include "parse/yaml_parser.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view content = fuzz::as_text(data, size);
  ConfigTree fast;
  if (!parse_block_yaml(content, &fast)) return 0;
  ParsedConfig slow;
  parse_yaml_with_libyaml(content, &slow);
  fuzz::fuzz_check(!slow.fatal, "libyaml accepts what the fast path accepts");
  fuzz::fuzz_check(fast.outline(true) == slow.tree.outline(true), "the two readers agree");
  return 0;
}
