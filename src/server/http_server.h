// The HTTP/1.1 front end (Boost.Beast): keep-alive connections, a read timeout
// for slow clients, a body limit answered with 413. Requests go to an Api.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "server/api.h"

namespace shoal {

struct HttpOptions {
  uint64_t max_body_bytes = 16 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};  // a client that sends nothing for this long is dropped
  int threads = 2;
};

// Opens, binds (reuse_address) and listens on address:port; false with *why ("cannot listen
// on …") on failure. Shared by every listener the server runs (the API, platform adapters).
bool OpenListener(boost::asio::ip::tcp::acceptor& acceptor, const std::string& address, int port, std::string* why);

class HttpServer {
 public:
  HttpServer(Api* api, HttpOptions options);
  ~HttpServer();

  // Binds and listens; port 0 picks a free one (see port()). False with *why on failure.
  bool Listen(const std::string& address, int port, std::string* why);
  int port() const { return port_; }
  void Start();           // runs the I/O threads
  void StopAccepting();   // closes the listening socket; open connections carry on
  void Stop();            // stops every connection and joins the I/O threads

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  HttpOptions options_;
  int port_ = 0;
};

}  // namespace shoal
