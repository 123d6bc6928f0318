#include "parse/config_parser.h"

#include "parse/brace_parser.h"
#include "parse/fortios_parser.h"
#include "parse/ios_parser.h"
#include "parse/json_parser.h"
#include "parse/set_parser.h"
#include "parse/xml_parser.h"
#include "parse/yaml_parser.h"

namespace cfgsweep {

void parse_config(ConfigFormat format, std::string_view content, ParsedConfig* out, Vendor vendor) {
  switch (format) {
    case ConfigFormat::kIosFamily:
    case ConfigFormat::kIfupdown:  // stanzas and their indented options: the same shape
      return parse_ios(content, out, vendor == Vendor::kCiscoAsa);
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
