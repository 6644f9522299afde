// One WebSocket client of the live feed: it subscribes on open, sends each queued line as a
// text frame (one write in flight at a time, on its strand) and unsubscribes when the client
// goes away or falls behind (closed with "too slow: dropped").
#pragma once
#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "server/api.h"
#include "server/live_feed.h"

namespace shoal {

// Accepts the upgrade in `req` on `socket` and runs the stream until either side closes.
void StartLiveSocket(boost::asio::ip::tcp::socket socket, HttpRequest req, LiveFeed* feed,
                     std::vector<std::string> communities);

}  // namespace shoal
