#include "static_files.hpp"

#include <string>

#include "mime_types.hpp"

namespace rtclab::server {
namespace {

template <typename Body>
void setCommonFields(http::response<Body>& response, const Request& request) {
  response.set(http::field::server, "rtclab-server");
  // The labs are rebuilt often while learning: always revalidate.
  response.set(http::field::cache_control, "no-cache");
  response.keep_alive(request.keep_alive());
}

} // namespace

http::response<http::string_body> textResponse(const Request& request, http::status status,
                                               std::string_view body) {
  http::response<http::string_body> response{status, request.version()};
  setCommonFields(response, request);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  if (request.method() != http::verb::head)
    response.body() = std::string(body) + "\n";
  response.content_length(body.size() + 1);
  return response;
}

StaticResponse respondStatic(const WebRoot& webRoot, const Request& request) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    auto response = textResponse(request, http::status::method_not_allowed, "method not allowed");
    response.set(http::field::allow, "GET, HEAD");
    return response;
  }

  using Outcome = TargetResolution::Outcome;
  const auto target = request.target();
  TargetResolution resolved = webRoot.resolve(std::string_view(target.data(), target.size()));
  switch (resolved.outcome) {
  case Outcome::badRequest:
    return textResponse(request, http::status::bad_request, "bad request target");
  case Outcome::forbidden:
    return textResponse(request, http::status::forbidden, "forbidden");
  case Outcome::notFound:
    return textResponse(request, http::status::not_found, "not found");
  case Outcome::redirectToFolder: {
    auto response = textResponse(request, http::status::moved_permanently, "moved");
    response.set(http::field::location, resolved.location);
    return response;
  }
  case Outcome::file:
    break;
  }

  http::file_body::value_type file;
  error_code ec;
  file.open(resolved.file.c_str(), beast::file_mode::scan, ec);
  if (ec)
    return textResponse(request, http::status::not_found, "not found");
  const auto size = file.size();
  const std::string_view mime = mimeTypeFor(resolved.file.filename().string());
  const beast::string_view contentType(mime.data(), mime.size());

  if (request.method() == http::verb::head) {
    http::response<http::empty_body> response{http::status::ok, request.version()};
    setCommonFields(response, request);
    response.set(http::field::content_type, contentType);
    response.content_length(size);
    return response;
  }
  http::response<http::file_body> response{std::piecewise_construct,
                                           std::make_tuple(std::move(file)),
                                           std::make_tuple(http::status::ok, request.version())};
  setCommonFields(response, request);
  response.set(http::field::content_type, contentType);
  response.content_length(size);
  return response;
}

} // namespace rtclab::server
