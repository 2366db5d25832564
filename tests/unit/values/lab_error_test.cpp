// LabError: the handles' typed errors as a lab shows them, and their snapshot.
#include <doctest/doctest.h>

#include "rtclab/lab_error.hpp"

TEST_CASE("a peer connection error keeps its operation and the signaling state") {
  const rtclab::PeerConnectionError error{"InvalidStateError", "Called in wrong state: stable",
                                          "setRemoteDescription(answer)",
                                          rtclab::SignalingState::Stable};
  const auto shown = rtclab::labErrorOf("A", error);
  CHECK(shown.where == "A");
  CHECK(shown.name == "InvalidStateError");
  CHECK(shown.operation == "setRemoteDescription(answer)");
  CHECK(shown.state == "stable");
  CHECK(shown.text == error.describe());
}

TEST_CASE("a data channel error keeps the readyState; a media error names getUserMedia") {
  const rtclab::DataChannelError send{
      "InvalidStateError", "not open", "send", rtclab::DataChannelState::Connecting, "",
      std::nullopt};
  CHECK(rtclab::labErrorOf("B", send).state == "connecting");
  CHECK(rtclab::labErrorOf("B", send).text == send.describe());
  rtclab::MediaError denied;
  denied.name = "NotAllowedError";
  denied.message = "Permission denied";
  CHECK(rtclab::labErrorOf("lab", denied) ==
        rtclab::LabError{"lab", "NotAllowedError", "getUserMedia", "",
                         "NotAllowedError: Permission denied"});
}

TEST_CASE("errors become the snapshot's array of objects") {
  const rtclab::LabError error{"p2", "OperationError", "send", "open", "send failed"};
  CHECK(rtclab::toJson(std::vector<rtclab::LabError>{}) == nlohmann::json::array());
  const auto out = rtclab::toJson(std::vector<rtclab::LabError>{error});
  CHECK(out == nlohmann::json::parse(R"([{"where":"p2","name":"OperationError",
      "operation":"send","state":"open","text":"send failed"}])"));
}

TEST_CASE("the other side's hang-up (SCTP abort, cause 12) is told apart from a failure") {
  rtclab::DataChannelError hungUp{"OperationError", "User-Initiated Abort, reason=Close called",
                                  "error event",    rtclab::DataChannelState::Open,
                                  "sctp-failure",   12};
  CHECK(hungUp.closedByPeer());
  hungUp.message = "";
  CHECK(hungUp.closedByPeer()); // the cause code alone says it
  rtclab::DataChannelError otherCause = hungUp;
  otherCause.sctpCauseCode = 1; // Invalid Stream Identifier: a real failure
  CHECK_FALSE(otherCause.closedByPeer());
  const rtclab::DataChannelError send{
      "OperationError", "User-Initiated Abort", "send", rtclab::DataChannelState::Open, "",
      std::nullopt};
  CHECK_FALSE(send.closedByPeer()); // only an error event can report the other side's close
}
