#include "rtclab/media_constraints.hpp"

namespace rtclab {
namespace {

using nlohmann::json;

template <typename T> void addConstraint(json& object, const char* name, const Constrain<T>& c) {
  if (c.empty()) {
    return;
  }
  json property = json::object();
  if (c.ideal) {
    property["ideal"] = *c.ideal;
  }
  if (c.exact) {
    property["exact"] = *c.exact;
  }
  object[name] = std::move(property);
}

// A kind that is requested without any constraint is `true`, exactly as the guide writes it.
json requestedOrTrue(json constraints) {
  return constraints.empty() ? json(true) : std::move(constraints);
}

} // namespace

json MediaConstraints::toJson() const {
  json result = json::object();
  if (video) {
    json v = json::object();
    addConstraint(v, "width", video->width);
    addConstraint(v, "height", video->height);
    addConstraint(v, "frameRate", video->frameRate);
    addConstraint(v, "deviceId", video->deviceId);
    result["video"] = requestedOrTrue(std::move(v));
  } else {
    result["video"] = false;
  }
  if (audio) {
    json a = json::object();
    addConstraint(a, "deviceId", audio->deviceId);
    if (audio->echoCancellation) {
      a["echoCancellation"] = *audio->echoCancellation;
    }
    result["audio"] = requestedOrTrue(std::move(a));
  } else {
    result["audio"] = false;
  }
  return result;
}

MediaConstraints cameraAndMicrophone() { return {VideoConstraints{}, AudioConstraints{}}; }

} // namespace rtclab
