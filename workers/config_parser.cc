#include "workers/config_parser.h"

#include "workers/brace_parser.h"
#include "workers/fortios_parser.h"
#include "workers/ios_parser.h"
#include "workers/json_parser.h"
#include "workers/set_parser.h"
#include "workers/xml_parser.h"
#include "workers/yaml_parser.h"

namespace cfgsweep {

void parse_config(ConfigFormat format, std::string_view content, ParsedConfig* out) {
  switch (format) {
    case ConfigFormat::kIosFamily:
    case ConfigFormat::kIfupdown:  // stanzas and their indented options: the same shape
      return parse_ios(content, out);
    case ConfigFormat::kBraces:
      return parse_braces(content, out);
    case ConfigFormat::kSetCommands:
      return parse_set_commands(content, out);
    case ConfigFormat::kXml:
      return parse_xml(content, out);
    case ConfigFormat::kJson:
      return parse_json(content, out);
    case ConfigFormat::kYaml:
      return parse_yaml(content, out);
    case ConfigFormat::kFortios:
      return parse_fortios(content, out);
    case ConfigFormat::kUnknown:
      break;
  }
}

}  // namespace cfgsweep
