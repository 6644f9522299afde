#include "server/platform_inbound.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "adapters/telegram/telegram_config.h"
#include "adapters/telegram/telegram_inbound.h"
#include "adapters/telegram/telegram_invite_links.h"
#include "adapters/wecom/wecom_adapter.h"
#include "adapters/wecom/wecom_config.h"
#include "server/ingest_sink.h"
#include "server/invite_codes.h"

namespace shoal {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view kTelegramWebhook = "/v1/adapters/telegram/webhook";
constexpr std::string_view kWecomCallback = "/v1/adapters/wecom/callback";

HttpResponse Answer(const HttpRequest& req, unsigned status, std::string body, std::string_view type) {
  HttpResponse res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, "shoal");
  res.set(http::field::content_type, std::string(type));
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// The query's values, percent-decoded. '+' stays '+': WeCom's base64 carries it literally.
WecomQuery ReadWecomQuery(std::string_view target) {
  WecomQuery q;
  size_t mark = target.find('?');
  std::string_view rest = mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value;
    if (!PercentDecode(pair.substr(eq + 1), &value)) continue;  // a bad escape: the signature check fails
    std::string_view key = pair.substr(0, eq);
    if (key == "msg_signature") q.msg_signature = value;
    else if (key == "timestamp") q.timestamp = value;
    else if (key == "nonce") q.nonce = value;
    else if (key == "echostr") q.echostr = value;
  }
  return q;
}

}  // namespace

PlatformInbound::PlatformInbound() = default;
PlatformInbound::~PlatformInbound() { Stop(); }

bool PlatformInbound::Start(const Config& config, Ingest* ingest, const Clock* clock, std::string* why,
                            const std::string& store_path) {
  sink_ = std::make_unique<IngestSink>(ingest);
  TelegramSection telegram;
  if (TelegramSectionOf(config, &telegram)) {
    telegram_ = std::make_unique<TelegramAdapter>(telegram.options, clock);
    if (!telegram_->Init(why)) {
      *why = "adapters.telegram: " + *why;
      return false;
    }
    InviteLinkOptions link_options;
    if (!store_path.empty()) link_options.links_file = store_path + ".telegram-links";
    links_ = std::make_unique<TelegramInviteLinker>(telegram_.get(), link_options);
    links_->Start();
    live_links_.store(links_.get());
    // After live_links_ is set, so an event applied meanwhile is offered as well (the linker
    // makes one link per code however often it is asked): codes made or revoked while the
    // linker was down, or whose links a lost file forgot, are caught up.
    nlohmann::json report;
    ingest->Report(report);
    links_->Reconcile(RuntimeInviteCodes(report));
    if (telegram.mode == "webhook") {
      webhook_ = std::make_unique<TelegramWebhook>(telegram_.get(), sink_.get());
      if (!telegram.options.webhook_url.empty()) {
        // Not fatal: Telegram may be unreachable now, and a webhook set earlier still works.
        DeliveryResult r = telegram_->RegisterWebhook();
        if (r.code != DeliveryResult::Code::kDelivered) spdlog::warn("telegram: setWebhook failed: {}", r.detail);
      }
    } else {
      PollOptions poll;
      poll.offset_file = !telegram.offset_file.empty() ? telegram.offset_file
                         : store_path.empty()          ? std::string()
                                                       : store_path + ".telegram-offset";
      poller_ = std::make_unique<TelegramPoller>(telegram_.get(), sink_.get(), poll);
      poller_->Start();
    }
  }
  WecomOptions wecom;
  if (WecomSectionOf(config, &wecom)) {
    wecom_ = std::make_unique<WecomCallback>(wecom);
    if (!wecom_->Init(why)) {
      *why = "adapters.wecom: " + *why;
      return false;
    }
    if (!wecom.secret.empty()) {
      wecom_api_ = std::make_unique<WecomApi>(
          WecomApiOptions{.corp_id = wecom.corp_id, .secret = wecom.secret, .base_url = wecom.api_base_url}, clock);
      if (!wecom_api_->Init(why)) {
        *why = "adapters.wecom: " + *why;
        return false;
      }
      wecom_->set_api(wecom_api_.get());
    }
    wecom_adapter_ = std::make_unique<WecomAdapter>();  // sends become operator tasks in the dispatcher
  }
  return true;
}

std::vector<PlatformAdapter*> PlatformInbound::adapters() const {
  std::vector<PlatformAdapter*> out;
  if (telegram_) out.push_back(telegram_.get());
  if (wecom_adapter_) out.push_back(wecom_adapter_.get());
  return out;
}

void PlatformInbound::Stop() {
  if (poller_) poller_->Stop();
  if (links_) links_->Stop();
}

void PlatformInbound::OnApplied(const Event& e) {
  if (TelegramInviteLinker* links = live_links_.load()) links->Offer(e);
}

bool PlatformInbound::Handle(const HttpRequest& req, const Api::Reply& reply) {
  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  if (path == kTelegramWebhook) {
    if (!webhook_) {
      reply(Answer(req, 404, R"j({"error":"the Telegram webhook is not configured (adapters.telegram.mode)"})j",
                   "application/json"));
      return true;
    }
    if (req.method() != http::verb::post) {
      reply(Answer(req, 405, R"({"error":"use POST"})", "application/json"));
      return true;
    }
    auto header = req.find("X-Telegram-Bot-Api-Secret-Token");
    std::string secret = header == req.end() ? std::string() : std::string(header->value());
    // The answer may come from the writer thread, after the request is gone: keep what it needs.
    auto version = req.version();
    bool keep_alive = req.keep_alive();
    webhook_->Handle(header == req.end() ? nullptr : &secret, req.body(),
                     [reply, version, keep_alive](unsigned status, std::string body) {
                       HttpRequest shape;
                       shape.version(version);
                       shape.keep_alive(keep_alive);
                       reply(Answer(shape, status, std::move(body), "application/json"));
                     });
    return true;
  }
  if (path == kWecomCallback) {
    if (!wecom_) {
      reply(Answer(req, 404, "adapters.wecom is not configured", "text/plain"));
      return true;
    }
    WecomQuery query = ReadWecomQuery(target);
    auto version = req.version();
    bool keep_alive = req.keep_alive();
    auto answer = [reply, version, keep_alive](unsigned status, std::string body) {
      HttpRequest shape;
      shape.version(version);
      shape.keep_alive(keep_alive);
      reply(Answer(shape, status, std::move(body), "text/plain; charset=utf-8"));
    };
    if (req.method() == http::verb::get) {
      wecom_->VerifyUrl(query, answer);
    } else if (req.method() == http::verb::post) {
      wecom_->HandleEvent(query, req.body(), sink_.get(), answer);
    } else {
      reply(Answer(req, 405, "use GET (URL check) or POST (events)", "text/plain"));
    }
    return true;
  }
  return false;
}

}  // namespace shoal
