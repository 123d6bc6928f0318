#include "engine/result_sink.h"

#include <cerrno>

#include "common/fd.h"
#include "engine/shard_manifest.h"

namespace cfgsweep {

namespace {
constexpr std::size_t kFlushThreshold = 1 << 20;
}

void ResultSink::append(std::string_view json) {
  if (json.empty()) return;  // a query result with no match
  buffer_.append(json);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushThreshold) flush();
}

void ResultSink::emit(uint64_t id, std::string_view json) {
  if (!ordered_) {
    append(json);
    ++next_id_;
    return;
  }
  if (id != next_id_) {
    held_.emplace(id, std::string(json));
    return;
  }
  append(json);
  ++next_id_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_id_; it = held_.erase(it)) {
    append(it->second);
    ++next_id_;
  }
}

bool ResultSink::flush() {
  if (!error_.empty()) return false;
  if (buffer_.empty()) return true;
  if (digest_) digest_->update(buffer_);
  if (!write_all(fd_, buffer_)) {
    reader_gone_ = errno == EPIPE;
    error_ = reader_gone_ ? "the output was closed by its reader" : errno_text(errno);
    buffer_.clear();
    return false;
  }
  buffer_.clear();
  return true;
}

bool ResultSink::flush_held() {
  for (auto& [id, json] : held_) append(json);
  held_.clear();
  return flush();
}

}  // namespace cfgsweep
