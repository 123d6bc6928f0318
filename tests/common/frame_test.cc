#include "common/frame.h"

#include <doctest/doctest.h>

#include <string>

using namespace cfgsweep;

TEST_CASE("a frame round-trips through the decoder") {
  std::string wire;
  encode_frame(42, 1, 1234, R"({"a":1})", &wire);
  FrameDecoder decoder;
  decoder.feed(wire.data(), wire.size());
  auto frame = decoder.next();
  REQUIRE(frame);
  CHECK(frame->header.job_id == 42);
  CHECK(frame->header.status == 1);
  CHECK(frame->header.input_bytes == 1234);
  CHECK(frame->payload == R"({"a":1})");
  CHECK_FALSE(decoder.next());
  CHECK(decoder.pending_bytes() == 0);
}

TEST_CASE("frames split at every byte boundary are reassembled") {
  std::string wire;
  for (uint64_t id = 0; id < 5; ++id) encode_frame(id, 0, id, std::string(id * 7, 'x'), &wire);
  for (std::size_t piece = 1; piece <= wire.size(); piece += 3) {
    FrameDecoder decoder;
    uint64_t expected = 0;
    for (std::size_t at = 0; at < wire.size(); at += piece) {
      decoder.feed(wire.data() + at, std::min(piece, wire.size() - at));
      while (auto frame = decoder.next()) {
        CHECK(frame->header.job_id == expected);
        CHECK(frame->payload.size() == expected * 7);
        ++expected;
      }
    }
    CHECK(expected == 5);
  }
}

TEST_CASE("a truncated last frame stays pending, not delivered") {
  std::string wire;
  encode_frame(1, 0, 0, "complete", &wire);
  encode_frame(2, 0, 0, "cut short", &wire);
  FrameDecoder decoder;
  decoder.feed(wire.data(), wire.size() - 3);
  CHECK(decoder.next()->header.job_id == 1);
  CHECK_FALSE(decoder.next());
  CHECK(decoder.pending_bytes() > 0);
}

TEST_CASE("a bad magic or an absurd length marks the stream corrupt") {
  std::string wire;
  encode_frame(1, 0, 0, "x", &wire);
  wire[0] ^= 0x55;
  FrameDecoder decoder;
  decoder.feed(wire.data(), wire.size());
  CHECK_FALSE(decoder.next());
  CHECK(decoder.corrupt());

  FrameHeader huge;
  huge.payload_length = kMaxFramePayload + 1;
  FrameDecoder second;
  second.feed(reinterpret_cast<const char*>(&huge), sizeof huge);
  CHECK_FALSE(second.next());
  CHECK(second.corrupt());
}
