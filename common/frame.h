#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cfgsweep {

// A result frame, as a worker writes it to its own result pipe: a fixed header, then
// `payload_length` bytes of payload: the finished JSON object of one result, then
// `attachment_length` bytes of attachment (with --store, the config as stored,
// zstd-compressed; none otherwise). The supervisor forwards payloads without parsing
// them, so everything it needs to count and route a result is in the header.
struct FrameHeader {
  static constexpr uint32_t kMagic = 0x43465331;  // "CFS1"
  uint32_t magic = kMagic;
  uint32_t payload_length = 0;
  uint64_t job_id = 0;
  uint64_t input_bytes = 0;   // size of the config parsed, for the summary's MB/s
  uint8_t status = 0;         // a ResultStatus value
  uint8_t worst_finding = 0;  // `check`: the Severity of the worst failed rule; 0 for none
  // `check`: failed findings per Severity (info..critical), each capped at 255; --metrics.
  uint8_t failed_by_severity[5] = {};
  uint8_t flags = 0;  // kReused
  uint32_t attachment_length = 0;
  uint32_t reserved = 0;
  // With --store: where the config's volatile lines are (VolatileLines::layout); 0 unread.
  uint64_t layout = 0;

  // --incremental: the config's fingerprint equals the one the job named, and it was not
  // parsed; the payload only names the input, and the supervisor reissues the stored result.
  static constexpr uint8_t kReused = 1;
};
static_assert(sizeof(FrameHeader) == 48);

// Frames larger than this are treated as a corrupt stream (a worker bug or memory
// corruption), which fails that worker rather than the supervisor.
inline constexpr uint32_t kMaxFramePayload = 256u << 20;

// Appends the header and payload of one frame to `out`.
void encode_frame(uint64_t job_id, uint8_t status, uint64_t input_bytes, std::string_view payload,
                  std::string* out, uint8_t worst_finding = 0,
                  const std::array<uint8_t, 5>& failed_by_severity = {},
                  std::string_view attachment = {}, uint8_t flags = 0, uint64_t layout = 0);

struct Frame {
  FrameHeader header;
  std::string_view payload;     // valid until the next call on the decoder
  std::string_view attachment;  // likewise; empty when none
};

// Reassembles frames from a byte stream that arrives in arbitrary pieces (pipes give
// partial reads). One decoder per pipe; used by the supervisor's thread only.
class FrameDecoder {
 public:
  void feed(const char* data, std::size_t size);
  // The next complete frame, or nullopt when more bytes are needed.
  std::optional<Frame> next();
  // True once a header failed validation; the stream cannot be resynchronised.
  bool corrupt() const { return corrupt_; }
  // Bytes of an incomplete frame left over (a writer died mid-frame).
  std::size_t pending_bytes() const { return buffer_.size() - consumed_; }

 private:
  std::string buffer_;
  std::size_t consumed_ = 0;
  bool corrupt_ = false;
};

}  // namespace cfgsweep
