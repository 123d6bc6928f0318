#include "engine/show_command.h"

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "common/exit_status.h"
#include "common/fd.h"
#include "common/json_writer.h"
#include "common/result_record.h"
#include "engine/worker_settings.h"
#include "worker/config_input.h"
#include "worker/job_processor.h"

namespace cfgsweep {

int run_show(const RunOptions& options) {
  const std::string& path = options.paths.front();
  ConfigInput input;
  std::string_view bytes;
  ResultError error;
  if (!input.load(path, options.max_file_size, &bytes, &error)) {
    std::fprintf(stderr, "cfgsweep show: %s: %s\n", path.c_str(), error.message.c_str());
    return to_int(error.code == "not_found" ? ExitStatus::kNoInput : ExitStatus::kInputsFailed);
  }
  JobProcessor processor(worker_settings_for(options), nullptr, 0);
  ResultRecord record;
  record.source = path;
  JsonWriter json;
  ShowDetails details;
  ResultStatus status = processor.process_bytes(bytes, &record, &json,
                                                options.show_mode == "tree" ? &details : nullptr);
  std::string out;
  if (options.show_mode == "json") {
    out = fmt::format("{}\n", json.view());
  } else if (options.show_mode == "tree") {
    out = fmt::format("# {}: format {}, vendor {}\n{}", path, record.format,
                      record.vendor.empty() ? "unknown" : record.vendor, details.tree_outline);
  } else {
    rapidjson::Document result;
    result.Parse(json.view().data(), json.view().size());
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    writer.StartObject();
    for (const char* key : {"source", "format", "vendor", "confidence", "detection_reason",
                            "status", "errors", "warnings", "model", "coverage"}) {
      if (!result.HasMember(key)) continue;
      writer.Key(key);
      result[key].Accept(writer);
    }
    writer.EndObject();
    out = fmt::format("{}\n", std::string_view(buffer.GetString(), buffer.GetSize()));
  }
  if (!write_all(STDOUT_FILENO, out)) {
    std::fprintf(stderr, "cfgsweep show: cannot write the output: %s\n", errno_text(errno).c_str());
    return to_int(ExitStatus::kIoError);
  }
  if (is_failure(status)) {
    for (const ResultError& e : record.errors)
      std::fprintf(stderr, "cfgsweep show: %s%s: %s\n", path.c_str(),
                   e.line ? fmt::format(":{}", *e.line).c_str() : "", e.message.c_str());
    return to_int(ExitStatus::kInputsFailed);
  }
  return to_int(ExitStatus::kOk);
}

}  // namespace cfgsweep
