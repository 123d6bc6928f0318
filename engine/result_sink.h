#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace cfgsweep {

class StreamDigest;

// Writes results as JSON Lines to one file descriptor. As-completed by default; with
// `ordered`, holds results back until every smaller id is written (input order). The
// dispatcher's ordered window bounds how many can be held. Main thread only.
class ResultSink {
 public:
  ResultSink(int fd, bool ordered) : fd_(fd), ordered_(ordered) {}

  void emit(uint64_t id, std::string_view json);
  // --shard: every byte written also goes through `digest` (for the manifest).
  void digest_into(StreamDigest* digest) { digest_ = digest; }
  // Writes what is buffered. False once the output failed (then `error()` says why).
  bool flush();
  // Writes held-back results in id order, gaps or not (an interrupted --ordered run).
  bool flush_held();
  uint64_t next_in_order() const { return next_id_; }
  const std::string& error() const { return error_; }
  // The output failed because its reader closed it (EPIPE: `| head`): not an error of the
  // run, which then stops quietly.
  bool reader_gone() const { return reader_gone_; }

 private:
  void append(std::string_view json);

  int fd_;
  bool ordered_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, std::string> held_;
  std::string buffer_;
  std::string error_;
  bool reader_gone_ = false;
  StreamDigest* digest_ = nullptr;
};

}  // namespace cfgsweep
