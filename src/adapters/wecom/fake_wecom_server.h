// A loopback stand-in for WeCom's server API, for tests: Beast HTTP on 127.0.0.1 (port 0).
// GET /cgi-bin/gettoken issues numbered tokens for one corp id and secret; POST
// /cgi-bin/externalcontact/groupchat/get answers from groups set by the test, refusing a token
// it was told is expired (42001) or revoked (40014). Every call is recorded.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace shoal {

class FakeWecomServer {
 public:
  struct Call {
    std::string path;          // "/cgi-bin/gettoken", "/cgi-bin/externalcontact/groupchat/get"
    std::string access_token;  // from the query, "" for gettoken
    nlohmann::json body;
  };

  FakeWecomServer(std::string corp_id, std::string secret);
  ~FakeWecomServer();
  bool Start(std::string* why);
  void Stop();
  std::string base_url() const;

  // groupchat/get for chat_id answers this group_chat object.
  void SetGroup(const std::string& chat_id, nlohmann::json group_chat);
  // Every token issued so far is refused from now on: 42001 (expired) or 40014 (invalid).
  void ExpireTokens(int errcode = 42001);

  std::vector<Call> Calls(const std::string& path = "") const;

 private:
  void AcceptLoop();
  void ServeOne(void* socket);  // a boost tcp::socket, kept out of this header
  std::pair<int, std::string> Answer(const std::string& path, const std::string& query, const std::string& body);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string corp_id_, secret_;
  int port_ = 0;
  mutable std::mutex mu_;
  bool stopping_ = false;
  std::map<std::string, nlohmann::json> groups_;
  std::map<std::string, int> refused_;  // token -> errcode
  std::set<std::string> issued_;
  int next_token_ = 1;
  std::vector<Call> calls_;
  std::thread acceptor_;
};

}  // namespace shoal
