#include "engine/fleet_source.h"

#include <libssh/libssh.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "common/terminal_text.h"

namespace cfgsweep {

namespace {

bool submit_output(const FleetPlan& plan, const DeviceResult& r, std::size_t i,
                   JobDispatcher* dispatcher, uint64_t max_file_size) {
  const std::string& device = r.job->host->name;
  const CommandOutput& out = r.attempt.outputs[i];
  if (plan.store) {
    // A backup that cannot be written is a warning: the config is still checked.
    if (auto saved = plan.store->save(plan.store->path_for(device, i), out.text); !saved)
      std::fprintf(stderr, "cfgsweep run: %s: %s\n", terminal_safe(device).c_str(),
                   terminal_safe(saved.error().message).c_str());
  }
  if (out.text.size() > max_file_size)
    return dispatcher->submit_note(failed_record(
        device, out.command, ResultStatus::kError,
        {std::nullopt, "too_large",
         fmt::format("{} bytes, over --max-file-size {}", out.text.size(), max_file_size)}));
  return dispatcher->submit_bytes(device, out.command, out.text.size(),
                                  [&](std::byte* into, ResultError*) {
                                    std::memcpy(into, out.text.data(), out.text.size());
                                    return true;
                                  });
}

// --resume: a device whose every command has its result in the run already (a failed fetch
// has one, under its only command) is not fetched again; its stored results are written as
// they were.
std::vector<FetchJob> jobs_to_fetch(const FleetPlan& plan, JobDispatcher* dispatcher) {
  std::vector<FetchJob> jobs;
  for (const FetchJob& job : plan.jobs) {
    const std::string& device = job.host->name;
    std::size_t stored = 0;
    for (const std::string& command : job.commands)
      stored += dispatcher->stored_result(device, command).has_value();
    // Fetched again unless every command has its result; those that have one are then
    // written from the store, not parsed again (JobDispatcher::submit_bytes).
    if (job.commands.empty() || stored < job.commands.size()) {
      jobs.push_back(job);
      continue;
    }
    for (const std::string& command : job.commands)
      dispatcher->submit_stored_result(device, command);
  }
  return jobs;
}

}  // namespace

JobDispatcher::PositionLookup fleet_positions(const FleetPlan& plan) {
  auto commands = std::make_shared<std::unordered_map<std::string, const FetchJob*>>();
  for (const FetchJob& job : plan.jobs) (*commands)[job.host->name] = &job;
  return [&plan, commands](std::string_view source, std::string_view member) -> uint64_t {
    const std::string name(source);
    auto device = plan.universe.position.find(name);
    uint64_t place = device == plan.universe.position.end() ? 0 : device->second;
    uint64_t command = 0;
    if (auto job = commands->find(name); job != commands->end()) {
      const std::vector<std::string>& list = job->second->commands;
      command = static_cast<uint64_t>(std::find(list.begin(), list.end(), member) - list.begin());
    }
    return place << 16 | std::min<uint64_t>(command, 0xffff);
  };
}

void feed_from_fleet(const FleetPlan& plan, JobDispatcher* dispatcher, uint64_t max_file_size,
                     std::array<std::atomic<uint64_t>, kFetchStatusCount>* sessions) {
  ssh_init();
  std::atomic<bool> stop{false};
  FetchPool pool(plan.settings, plan.retry, plan.concurrency, plan.deadline_seconds);
  const std::vector<FetchJob> jobs = jobs_to_fetch(plan, dispatcher);
  pool.run(
      jobs,
      [&](DeviceResult r) {
        bool accepted = true;
        if (sessions) ++(*sessions)[static_cast<std::size_t>(r.attempt.status)];
        if (r.attempt.status == FetchStatus::kOk) {
          for (std::size_t i = 0; i < r.attempt.outputs.size() && accepted; ++i)
            accepted = submit_output(plan, r, i, dispatcher, max_file_size);
        } else {
          accepted = dispatcher->submit_note(
              failed_record(r.job->host->name, r.job->commands.front(), ResultStatus::kError,
                            {std::nullopt, std::string(enum_name(r.attempt.status)),
                             fmt::format("{}: {}", r.attempt.phase, r.attempt.message)}));
        }
        if (!accepted) stop = true;  // the run is stopping: start no more devices
      },
      stop);
  ssh_finalize();
}

}  // namespace cfgsweep
