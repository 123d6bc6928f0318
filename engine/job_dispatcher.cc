#include "engine/job_dispatcher.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <xxhash.h>

#include <fmt/format.h>

namespace cfgsweep {

namespace {
constexpr int64_t kPushSliceNs = 100'000'000;  // re-check stop() this often while waiting
}

JobDispatcher::JobDispatcher(JobRing ring, std::byte* arena, uint64_t arena_size,
                             uint64_t ordered_window)
    : ring_(ring),
      arena_(arena),
      ordered_window_(ordered_window),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      allocator_(arena_size) {}

bool JobDispatcher::wait_for_window(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [&] {
    return stopping_ || ordered_window_ == 0 || next_id_ < next_written_ + ordered_window_;
  });
  return !stopping_;
}

void JobDispatcher::shard(ShardSpec spec, PositionLookup position) {
  shard_ = std::move(spec);
  position_of_ = std::move(position);
}

bool JobDispatcher::admit(std::string_view source, std::string_view member) {
  if (!shard_.active()) return true;
  const uint64_t position = position_of_ ? position_of_(source, member) : seen_;
  ++seen_;
  // Each field hashed on its own, chained: no copy of the path per input.
  seen_digest_ = XXH3_64bits_withSeed(source.data(), source.size(), seen_digest_);
  seen_digest_ = XXH3_64bits_withSeed(member.data(), member.size(), seen_digest_);
  const DeviceFrom from = device_from_ == DeviceFrom::kHostname ? DeviceFrom::kName : device_from_;
  if (!in_hash_shard(shard_, device_name(from, source, member, fetched_, ""))) return false;
  pending_position_ = position;
  return true;
}

uint64_t JobDispatcher::position(uint64_t id) const {
  std::lock_guard lock(mutex_);
  return id < positions_.size() ? positions_[id] : id;
}

uint64_t JobDispatcher::take_id_locked() {
  if (shard_.active()) positions_.push_back(pending_position_);
  return next_id_++;
}

uint64_t JobDispatcher::register_job(Job job) {
  uint64_t id = take_id_locked();
  outstanding_.emplace(id, std::move(job));
  // The supervisor starts a worker per job, up to --jobs: wake it for those first jobs,
  // so the workers start now rather than at its next tick (and only for those: a wake per
  // job cost a loop turn per job, 9% of a run of small files).
  if (jobs_registered_++ < wake_for_first_jobs_) wake_main_thread();
  return id;
}

JobDescriptor JobDispatcher::descriptor_for(uint64_t id, const Job& job) const {
  JobDescriptor descriptor;
  descriptor.id = id;
  descriptor.attempt = job.attempt;
  descriptor.kind = job.kind;
  descriptor.arena_offset = job.arena_offset;
  descriptor.arena_length = job.arena_length;
  descriptor.set_label(job.label);
  if (job.known_fingerprint.size() < sizeof descriptor.known_fingerprint)
    job.known_fingerprint.copy(descriptor.known_fingerprint, job.known_fingerprint.size());
  descriptor.reuse_if_unchanged = job.reuse_if_unchanged;
  descriptor.known_layout = job.known_layout;
  return descriptor;
}

bool JobDispatcher::resolved_from_store(std::string_view source, std::string_view member, Job* job,
                                        bool* submitted, bool replay) {
  if (!prior_) return false;
  Prior prior = prior_(source, member);
  // A done input of a fingerprint goes to a worker, which replays it only if unchanged.
  if (prior.done && (replay || prior.fingerprint.empty())) {
    *submitted = submit_ready(prior.status, std::move(prior.json), /*stored=*/true);
    return true;
  }
  job->known_fingerprint = std::move(prior.fingerprint);
  job->known_layout = prior.layout;
  job->reuse_if_unchanged = prior.reuse_if_unchanged;
  return false;
}

bool JobDispatcher::push_until_stopped(const JobDescriptor& descriptor) {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
    }
    if (ring_.push(descriptor, kPushSliceNs) == JobRing::PushResult::kPushed) return true;
  }
}

bool JobDispatcher::submit_file(std::string_view path) {
  if (!admit(path, "")) return true;
  if (path.size() > JobDescriptor::kMaxLabel) {
    return submit_admitted_note(
        failed_record(std::string(path.substr(0, 256)) + "...", "", ResultStatus::kError,
                      {std::nullopt, "path_too_long",
                       fmt::format("path is {} bytes, over the {}-byte limit", path.size(),
                                   JobDescriptor::kMaxLabel)}));
  }
  Job job;
  job.label = std::string(path);
  bool submitted = false;
  if (resolved_from_store(path, "", &job, &submitted)) return submitted;
  auto descriptor = std::make_unique<JobDescriptor>();
  {
    std::unique_lock lock(mutex_);
    if (!wait_for_window(lock)) return false;
    uint64_t id = register_job(job);
    *descriptor = descriptor_for(id, job);
  }
  return push_until_stopped(*descriptor);
}

bool JobDispatcher::submit_bytes(std::string_view archive, std::string_view member, uint64_t size,
                                 const std::function<bool(std::byte*, ResultError*)>& fill) {
  if (!admit(archive, member)) return true;
  uint64_t offset = 0;
  Job job;
  job.label = archive_member_label(archive, member);
  job.kind = JobKind::kArena;
  job.arena_length = size;
  bool submitted = false;
  if (resolved_from_store(archive, member, &job, &submitted)) return submitted;
  if (size > allocator_.capacity()) {  // would wait forever for space
    return submit_admitted_note(
        failed_record(std::string(archive), std::string(member), ResultStatus::kError,
                      {std::nullopt, "too_large",
                       fmt::format("member is {} bytes, larger than the arena", size)}));
  }
  {
    std::unique_lock lock(mutex_);
    if (!wait_for_window(lock)) return false;
    // Back-pressure: a big archive waits here for workers to finish earlier members.
    changed_.wait(lock, [&] {
      if (stopping_) return true;
      auto block = allocator_.allocate(size);
      if (block) offset = *block;
      return block.has_value();
    });
    if (stopping_) return false;
  }
  ResultError error;
  if (!fill(arena_ + offset, &error)) {
    {
      std::lock_guard lock(mutex_);
      allocator_.free(offset);
    }
    changed_.notify_all();
    return submit_admitted_note(failed_record(std::string(archive), std::string(member),
                                              ResultStatus::kError, std::move(error)));
  }
  auto descriptor = std::make_unique<JobDescriptor>();
  {
    std::lock_guard lock(mutex_);
    job.arena_offset = offset;
    uint64_t id = register_job(job);
    *descriptor = descriptor_for(id, job);
  }
  return push_until_stopped(*descriptor);
}

bool JobDispatcher::submit_note(ResultRecord record) {
  if (!admit(record.source, record.member)) return true;
  return submit_admitted_note(std::move(record));
}

bool JobDispatcher::submit_admitted_note(ResultRecord record) {
  if (record.device.empty())
    record.device = device_name(device_from_, record.source, record.member, fetched_, "");
  JsonWriter json;
  write_result_json(record, &json);
  return submit_ready(record.status, std::string(json.view()), /*stored=*/false);
}

std::optional<ResultStatus> JobDispatcher::stored_result(std::string_view source,
                                                         std::string_view member) const {
  if (!prior_) return std::nullopt;
  Prior prior = prior_(source, member);
  return prior.done ? std::optional(prior.status) : std::nullopt;
}

bool JobDispatcher::submit_stored_result(std::string_view source, std::string_view member) {
  if (!admit(source, member)) return true;
  Job job;
  bool submitted = false;
  if (resolved_from_store(source, member, &job, &submitted, /*replay=*/true)) return submitted;
  return true;  // nothing stored: nothing to submit
}

bool JobDispatcher::submit_ready(ResultStatus status, std::string json, bool stored) {
  std::unique_lock lock(mutex_);
  if (!wait_for_window(lock)) return false;
  uint64_t id = take_id_locked();
  ready_.push_back({id, status, std::move(json), stored});
  lock.unlock();
  wake_main_thread();
  return true;
}

void JobDispatcher::finish_submitting() {
  {
    std::lock_guard lock(mutex_);
    submitting_done_ = true;
  }
  wake_main_thread();
}

std::vector<JobDispatcher::Ready> JobDispatcher::take_ready() {
  uint64_t count;
  (void)::read(wake_.get(), &count, sizeof count);
  std::lock_guard lock(mutex_);
  std::vector<Ready> taken;
  taken.swap(ready_);
  return taken;
}

void JobDispatcher::free_block_locked(const Job& job) {
  if (job.kind == JobKind::kArena) allocator_.free(job.arena_offset);
}

bool JobDispatcher::complete(uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    auto it = outstanding_.find(id);
    if (it == outstanding_.end()) return false;
    free_block_locked(it->second);
    outstanding_.erase(it);
  }
  changed_.notify_all();
  return true;
}

void JobDispatcher::make_ready(uint64_t id, ResultStatus status, std::string json) {
  ready_.push_back({id, status, std::move(json)});
  wake_main_thread();
}

void JobDispatcher::wake_main_thread() {
  uint64_t one = 1;
  (void)::write(wake_.get(), &one, sizeof one);  // eventfd: cannot fail short of a bug
}

void JobDispatcher::fail_attempt(uint64_t id, ResultStatus status, const std::string& code,
                                 const std::string& message) {
  {
    std::lock_guard lock(mutex_);
    auto it = outstanding_.find(id);
    if (it == outstanding_.end()) return;
    Job& job = it->second;
    if (job.attempt < kMaxAttempts && !stopping_) {
      ++job.attempt;  // a fresh worker gets one more try
      retries_.push_back(id);
      return;
    }
    std::string source, member;
    split_label(job.label, &source, &member);
    ResultRecord record =
        failed_record(std::move(source), std::move(member), status, {std::nullopt, code, message});
    record.attempts = job.attempt;
    record.bytes = job.arena_length;
    record.device = device_name(device_from_, record.source, record.member, fetched_, "");
    JsonWriter json;
    write_result_json(record, &json);
    free_block_locked(job);
    outstanding_.erase(it);
    make_ready(id, status, std::string(json.view()));
  }
  changed_.notify_all();
}

void JobDispatcher::push_retries() {
  for (;;) {
    auto descriptor = std::make_unique<JobDescriptor>();
    {
      std::lock_guard lock(mutex_);
      if (retries_.empty() || stopping_) return;
      uint64_t id = retries_.front();
      *descriptor = descriptor_for(id, outstanding_.at(id));
    }
    if (ring_.push(*descriptor, 0) != JobRing::PushResult::kPushed) return;
    std::lock_guard lock(mutex_);
    retries_.pop_front();
  }
}

void JobDispatcher::on_written(uint64_t next_id) {
  {
    std::lock_guard lock(mutex_);
    next_written_ = next_id;
  }
  changed_.notify_all();
}

bool JobDispatcher::finished() const {
  std::lock_guard lock(mutex_);
  return submitting_done_ && outstanding_.empty() && ready_.empty();
}

void JobDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

uint64_t JobDispatcher::jobs_submitted() const {
  std::lock_guard lock(mutex_);
  return jobs_registered_;
}

uint64_t JobDispatcher::submitted() const {
  std::lock_guard lock(mutex_);
  return next_id_;
}

}  // namespace cfgsweep
