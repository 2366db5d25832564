// Boost.Asio and Boost.Beast compiled once, here. Both are header-only by default, which makes
// every translation unit that includes them compile (and optimise) their whole implementation
// again. With BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION defined (see
// rtclab_asio_beast in CMakeLists.txt) the headers only declare the non-template parts, and this
// file provides their one definition: edit-compile cycles of the server, its tests and the
// benchmark stay short (STYLE.md, lesson 15).

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
