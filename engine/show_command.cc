#include "engine/show_command.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "common/error.h"
#include "common/fd.h"
#include "common/json_writer.h"
#include "common/result_record.h"
#include "common/terminal_text.h"
#include "engine/store_commands.h"
#include "engine/worker_settings.h"
#include "parse/secret_redactor.h"
#include "worker/config_input.h"
#include "worker/job_processor.h"

namespace cfgsweep {

namespace {

Error show_error(ExitStatus status, std::string message) {
  return Error{status, std::move(message), "show"};
}

}  // namespace

Result<ExitStatus> run_show(const RunOptions& options) {
  std::string path = options.paths.front();
  ConfigInput input;
  std::string_view bytes;
  std::string stored;
  // DEVICE@RUN: the config the run store kept (a file of that name is still a file, so
  // that CFGSWEEP_STORE in the environment does not change what `show FILE` shows).
  const bool from_store = !options.store.empty() && ::access(path.c_str(), F_OK) != 0;
  if (from_store) {
    auto text = stored_config_for_show(options, &path);
    if (!text) return std::unexpected(text.error());
    stored = std::move(*text);
    bytes = stored;
  } else if (ResultError error; !input.load(path, options.max_file_size, &bytes, &error)) {
    return std::unexpected(
        show_error(error.code == "not_found" ? ExitStatus::kNoInput : ExitStatus::kInputsFailed,
                   fmt::format("{}: {}", path, error.message)));
  }
  const bool config_text = options.show_mode == RunOptions::ShowMode::kConfig ||
                           (from_store && !options.show_mode_chosen);
  if (config_text) {  // the stored text is as the run kept it; a file's is redacted here
    std::string text = from_store || options.show_secrets
                           ? std::string(bytes)
                           : redact_pem_blocks(redact_config_text(bytes));
    if (::isatty(STDOUT_FILENO)) text = terminal_safe(text);  // no escapes reach a terminal
    if (!write_all(STDOUT_FILENO, text))
      return std::unexpected(show_error(
          ExitStatus::kIoError, fmt::format("cannot write the output: {}", errno_text(errno))));
    return ExitStatus::kOk;
  }
  JobProcessor processor(worker_settings_for(options), nullptr, 0);
  ResultRecord record;
  record.source = path;
  JsonWriter json;
  ShowDetails details;
  ResultStatus status = processor.process_bytes(
      bytes, &record, &json, options.show_mode == RunOptions::ShowMode::kTree ? &details : nullptr);
  std::string out;
  if (options.show_mode == RunOptions::ShowMode::kJson) {
    out = fmt::format("{}\n", json.view());
  } else if (options.show_mode == RunOptions::ShowMode::kTree) {
    out = terminal_safe(fmt::format("# {}: format {}, vendor {}\n{}", path, record.format,
                                    record.vendor.empty() ? "unknown" : record.vendor,
                                    details.tree_outline));
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
  if (!write_all(STDOUT_FILENO, out))
    return std::unexpected(show_error(
        ExitStatus::kIoError, fmt::format("cannot write the output: {}", errno_text(errno))));
  if (!is_failure(status)) return ExitStatus::kOk;
  Diagnostics failures;  // the config's own errors, each with its line
  for (const ResultError& e : record.errors)
    failures.add(located(path, e.line.value_or(0), 0, e.message));
  Error failed = failures.to_error(ExitStatus::kInputsFailed);
  failed.command = "show";
  return std::unexpected(std::move(failed));
}

}  // namespace cfgsweep
