// video_view.hpp: a <video> element on the lab page that shows a MediaStream.
//
//   remoteVideo.srcObject = remoteStream;     // the guide's step 7
//
// The lab HTML shell has a #videos strip; a VideoView adds (or reuses) a captioned <video> there
// and owns it: destroying the view sets srcObject = null (the element lets go of the stream) and
// removes the element from the page, so a conference's tile goes away with its participant.
#pragma once

#include <memory>
#include <string>

namespace rtclab {

class MediaStream;

class VideoView {
public:
  // `muted` for local previews: hearing your own microphone echoes.
  VideoView(std::string elementId, std::string caption, bool muted);
  // The same as one tile of a grid (a conference: one tile per participant).
  struct Tile {};
  VideoView(std::string elementId, std::string caption, bool muted, Tile);
  VideoView(VideoView&&) noexcept;
  VideoView& operator=(VideoView&&) noexcept;
  ~VideoView();

  void show(const MediaStream& stream); // srcObject = stream
  void clear();                         // srcObject = null
  void setCaption(const std::string& caption);
  int videoWidth() const; // what the element is really rendering, 0 if nothing
  int videoHeight() const;

private:
  VideoView(std::string elementId, std::string caption, bool muted, bool tile);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
