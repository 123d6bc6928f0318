// The whole worker path of one input (detection, parse, model, redaction, the JSON writer),
// with and without a policy: the result line must be valid JSON, whatever the bytes.
#include <rapidjson/document.h>

#include "common/json_writer.h"
#include "common/result_record.h"
#include "engine/run_options.h"
#include "engine/worker_settings.h"
#include "fuzz_support.h"
#include "worker/job_processor.h"

using namespace cfgsweep;

namespace {

constexpr const char* kPolicy =
    "rules:\n"
    "  - {id: no-telnet, severity: high, message: m, forbid: 'transport input .*telnet'}\n"
    "  - {id: ntp, severity: low, message: m, model: {min: 1, list: ntp_servers}}\n"
    "  - {id: snmp, severity: critical, message: m,\n"
    "     model: {none: snmp.communities, field: name, in: [public]}}\n"
    "  - id: aaa\n    severity: medium\n    message: m\n"
    "    intended: {lines: ['aaa new-model', 'snmp-server community x RO'], extra: true}\n";

JobProcessor& processor(bool with_policy) {
  static JobProcessor plain(worker_settings_for(RunOptions{}), nullptr, 0);
  static JobProcessor checking = [] {
    RunOptions options;
    options.policy = fuzz::write_input_file(kPolicy, ".policy.yaml");
    return JobProcessor(worker_settings_for(options), nullptr, 0);
  }();
  return with_policy ? checking : plain;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  for (bool with_policy : {false, true}) {
    ResultRecord record;
    record.source = "fuzz.cfg";
    JsonWriter json;
    processor(with_policy).process_bytes(fuzz::as_text(data, size), &record, &json);
    rapidjson::Document document;
    document.Parse<rapidjson::kParseValidateEncodingFlag>(json.view().data(), json.view().size());
    fuzz::fuzz_check(!document.HasParseError() && document.IsObject(),
                     "the result is one valid JSON object");
  }
  return 0;
}
