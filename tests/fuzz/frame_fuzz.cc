// The supervisor's frame decoder on any byte stream, fed in pieces whose sizes come from the
// input: frames or "corrupt", never a read outside the buffer; a valid frame round-trips.
#include <string>

#include "common/frame.h"
#include "fuzz_support.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FrameDecoder decoder;
  std::size_t at = 0;
  while (at < size && !decoder.corrupt()) {
    std::size_t piece = 1 + data[at] % 64;
    piece = std::min(piece, size - at);
    decoder.feed(reinterpret_cast<const char*>(data) + at, piece);
    at += piece;
    while (auto frame = decoder.next())
      fuzz::fuzz_check(frame->payload.size() <= kMaxFramePayload, "payload within its limit");
  }
  // The same bytes as one frame's payload come back whole.
  std::string encoded;
  encode_frame(7, 1, size, fuzz::as_text(data, size), &encoded);
  FrameDecoder clean;
  clean.feed(encoded.data(), encoded.size());
  auto frame = clean.next();
  fuzz::fuzz_check(frame && frame->payload == fuzz::as_text(data, size), "a frame round-trips");
  return 0;
}
