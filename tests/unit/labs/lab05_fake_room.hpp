// lab05_fake_room.hpp: Lab 05's state for a full room of 8 (us and seven others, one still
// connecting) with measurements at N = 2, 4 and 8: the panel test and the panel benchmark
// (bench/mesh-panel) draw it.
#pragma once

#include "mesh_panel.hpp"

#include <string>
#include <vector>

namespace lab05::testing {

inline rtclab::MeshLink linkTo(int i) {
  rtclab::MeshLink link;
  link.peer = "u-" + std::to_string(i) + "0000000000000000000";
  link.name = "guest-" + std::to_string(i);
  link.connectionState = i == 7 ? "connecting" : "connected";
  link.pairType = "host";
  link.rttMs = 1 + i;
  link.kbpsUp = 300 + i;
  link.kbpsDown = 280 + i;
  link.fpsEncoded = 15;
  link.fpsDecoded = 14;
  link.qualityLimitationReason = i == 3 ? "cpu" : "none";
  return link;
}

// A room of 8: us and seven others, one still connecting; measurements at N = 2, 4 and 8.
struct FullRoom {
  MeshLabState state;
  std::vector<rtclab::PeerSessionView> views;

  FullRoom(const FullRoom&) = delete; // the cards point into views
  FullRoom& operator=(const FullRoom&) = delete;
  FullRoom() : views(7) {
    state.call.url = "ws://127.0.0.1:8080/ws";
    state.call.room = "demo";
    state.call.name = "alice";
    state.call.you = "u-a11ce000000000000000";
    state.call.signalingState = "open";
    state.call.phase = "in-call";
    state.call.capturing = true;
    state.call.sessionsOpened = 7;
    std::vector<rtclab::MeshLink> links;
    for (int i = 1; i <= 7; ++i) {
      links.push_back(linkTo(i));
      views[i - 1].remote = {links.back().peer, links.back().name, "s"};
      views[i - 1].panel.connection.record("new", 0);
      views[i - 1].panel.connection.record(links.back().connectionState, 500);
      state.remotes.push_back({links.back(), &views[i - 1], 320});
    }
    state.totals = rtclab::meshTotalsOf(links);
    state.totals.cpuPressure = rtclab::CpuPressureState::Serious;
    for (int n : {2, 4, 8}) {
      std::vector<rtclab::MeshLink> mesh;
      for (int i = 1; i < n; ++i) {
        mesh.push_back(linkTo(i));
        mesh.back().connectionState = "connected";
        mesh.back().kbpsUp = 400;
      }
      auto totals = rtclab::meshTotalsOf(mesh);
      totals.cpuPressure =
          n == 8 ? rtclab::CpuPressureState::Critical : rtclab::CpuPressureState::Nominal;
      state.measurements.add(totals);
    }
    state.chat = {{"", "hello all"}, {links[0].peer, "hi alice"}};
  }
};

} // namespace lab05::testing
