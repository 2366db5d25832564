// Connection counting: in total, per client address, and the shutdown walk.
#include <doctest/doctest.h>

#include "connection_registry.hpp"

using namespace rtclab::server;

namespace {

class FakeConnection final : public Connection {
public:
  void shutdown() override { ++shutdowns; }
  void abort() override { ++aborts; }
  int shutdowns = 0;
  int aborts = 0;
};

} // namespace

TEST_CASE("one address cannot take more than its share; loopback (\"\") is not counted") {
  ConnectionRegistry registry(100, 2);
  FakeConnection a, b, c, local1, local2, local3;
  registry.add(a, "192.0.2.7");
  CHECK_FALSE(registry.fullFor("192.0.2.7"));
  registry.add(b, "192.0.2.7");
  CHECK(registry.fullFor("192.0.2.7"));
  CHECK_FALSE(registry.fullFor("192.0.2.8"));
  registry.add(local1);
  registry.add(local2);
  registry.add(local3);
  CHECK_FALSE(registry.fullFor(""));
  registry.remove(a);
  CHECK_FALSE(registry.fullFor("192.0.2.7"));
  registry.add(c, "192.0.2.7");
  CHECK(registry.fullFor("192.0.2.7"));
  CHECK(registry.size() == 5);
}

TEST_CASE("no per-address limit when it is 0; the total still applies") {
  ConnectionRegistry registry(2, 0);
  FakeConnection a, b;
  registry.add(a, "192.0.2.7");
  registry.add(b, "192.0.2.7");
  CHECK_FALSE(registry.fullFor("192.0.2.7"));
  CHECK(registry.full());
}

TEST_CASE("shutdownAll reaches each connection; whenEmpty fires on the last removal") {
  ConnectionRegistry registry(10);
  FakeConnection a, b;
  registry.add(a, "192.0.2.1");
  registry.add(b);
  registry.shutdownAll();
  CHECK(a.shutdowns == 1);
  CHECK(b.shutdowns == 1);
  bool empty = false;
  registry.whenEmpty([&] { empty = true; });
  registry.remove(a);
  CHECK_FALSE(empty);
  registry.remove(b);
  CHECK(empty);
}

TEST_CASE("peak: the most connections open at once since resetPeak()") {
  ConnectionRegistry registry(100);
  FakeConnection a, b, c;
  CHECK(registry.peak() == 0);
  registry.add(a);
  registry.add(b);
  registry.add(c);
  registry.remove(b);
  registry.remove(c);
  CHECK(registry.peak() == 3); // closing does not lower it
  registry.resetPeak();
  CHECK(registry.peak() == 1); // what is open now
  registry.add(b);
  CHECK(registry.peak() == 2);
}
