#include "common/frame.h"

#include <cstring>

namespace cfgsweep {

void encode_frame(uint64_t job_id, uint8_t status, uint64_t input_bytes, std::string_view payload,
                  std::string* out, uint8_t worst_finding,
                  const std::array<uint8_t, 5>& failed_by_severity, std::string_view attachment,
                  uint8_t flags, uint64_t layout) {
  FrameHeader header;
  header.payload_length = static_cast<uint32_t>(payload.size() + attachment.size());
  header.attachment_length = static_cast<uint32_t>(attachment.size());
  header.flags = flags;
  header.layout = layout;
  header.job_id = job_id;
  header.input_bytes = input_bytes;
  header.status = status;
  header.worst_finding = worst_finding;
  std::memcpy(header.failed_by_severity, failed_by_severity.data(), failed_by_severity.size());
  out->append(reinterpret_cast<const char*>(&header), sizeof header);
  out->append(payload);
  out->append(attachment);
}

void FrameDecoder::feed(const char* data, std::size_t size) {
  // Drop consumed bytes before growing, so the buffer stays about one frame long.
  if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(data, size);
}

std::optional<Frame> FrameDecoder::next() {
  if (corrupt_ || pending_bytes() < sizeof(FrameHeader)) return std::nullopt;
  Frame frame;
  std::memcpy(&frame.header, buffer_.data() + consumed_, sizeof(FrameHeader));
  if (frame.header.magic != FrameHeader::kMagic || frame.header.payload_length > kMaxFramePayload ||
      frame.header.attachment_length > frame.header.payload_length) {
    corrupt_ = true;
    return std::nullopt;
  }
  std::size_t total = sizeof(FrameHeader) + frame.header.payload_length;
  if (pending_bytes() < total) return std::nullopt;
  std::string_view body = std::string_view(buffer_).substr(consumed_ + sizeof(FrameHeader),
                                                           frame.header.payload_length);
  const std::size_t json_length = body.size() - frame.header.attachment_length;
  frame.payload = body.substr(0, json_length);
  frame.attachment = body.substr(json_length);
  consumed_ += total;
  return frame;
}

}  // namespace cfgsweep
