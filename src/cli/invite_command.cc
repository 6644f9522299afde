// `shoal invite`: invite codes from the command line.
//   shoal invite create --channel partner [--code X] [--group G] [--inviter M] [--uses N] [--expires T]
//       prints the `invite` event to append to the event log (or POST to /v1/events): codes
//       created at run time live in the log like everything else, so replay and restart keep them.
//   shoal invite show CODE --config C [--events E]     the code's details after replaying E
//   shoal invite qr CODE --config C [--events E] --format svg|png [--out F]
//   shoal invite qr --link URL --format svg|png [--out F]   any link
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/replay_command.h"
#include "growth/invite_event.h"
#include "growth/qr.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace {

// Builds an engine from the config and replays the events file (if any) quietly.
std::unique_ptr<Engine> EngineAfter(const std::string& config, const std::string& events) {
  auto cfg = LoadConfigOrReport(config);
  if (!cfg) return nullptr;
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  if (!engine) {
    std::cerr << "shoal: " << why << "\n";
    return nullptr;
  }
  if (events.empty()) return engine;
  std::ifstream in(events, std::ios::binary);
  if (!in) {
    std::cerr << "shoal: cannot open events file " << events << "\n";
    return nullptr;
  }
  ReplayOptions options;
  options.errors = &std::cerr;
  ReplayStream(in, *engine, options, [](const std::string&) {});
  return engine;
}

bool WriteOut(const std::string& path, const std::string& data) {
  if (path.empty() || path == "-") {
    std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
    return static_cast<bool>(std::cout.flush());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(out);
}

void AddCreate(CLI::App& invite) {
  auto* cmd = invite.add_subcommand("create", "Print an `invite` event that creates a code (append it to the event log)");
  struct Opts {
    std::string code, channel, group, inviter, expires, ts, config;
    int64_t uses = 0;
    bool revoke = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--code", o->code, "The code (default: a random one)");
  cmd->add_option("--channel", o->channel, "Where the code is used: poster, forum, partner-x (default: the code)");
  cmd->add_option("--group,-g", o->group, "The group it leads to (platform:id)");
  cmd->add_option("--inviter", o->inviter, "A member credited for every join through it");
  cmd->add_option("--uses", o->uses, "How many joins it admits (0 = unlimited)");
  cmd->add_option("--expires", o->expires, "When it stops working (RFC 3339, e.g. 2026-03-01T00:00:00+08:00)");
  cmd->add_option("--ts", o->ts, "The event's time (default: now)");
  cmd->add_flag("--revoke", o->revoke, "Revoke --code instead of creating it");
  cmd->add_option("--config,-c", o->config, "Check the group and the code against this config and print the link");
  cmd->callback([o] {
    Event e;
    e.type = EventType::kInvite;
    if (o->ts.empty()) {
      e.ts = Timestamp{.utc = SystemClock().Now() / kMicrosPerSecond * kMicrosPerSecond, .zulu = true};
    } else {
      std::string why;
      auto ts = ParseRfc3339(o->ts, &why);
      if (!ts) {
        std::cerr << "shoal invite create: --ts: " << why << "\n";
        return SetCommandExitCode(2);
      }
      e.ts = *ts;
    }
    if (o->revoke && o->code.empty()) {
      std::cerr << "shoal invite create: --revoke needs --code\n";
      return SetCommandExitCode(2);
    }
    InviteSpec spec{.code = o->code.empty() ? RandomInviteCode() : o->code, .channel = o->channel, .group = o->group,
                    .owner = o->inviter, .uses = o->uses, .revoke = o->revoke};
    if (!o->expires.empty()) {
      std::string why;
      auto ts = ParseRfc3339(o->expires, &why);
      if (!ts) {
        std::cerr << "shoal invite create: --expires: " << why << " (write e.g. 2026-03-01T00:00:00+08:00)\n";
        return SetCommandExitCode(2);
      }
      spec.expires = ts->utc;
    }
    // The same checks ingest applies, so what is printed will be accepted.
    std::string line = InviteEventJson(spec, e.ts);
    EventParser parser;
    EventError err;
    if (!parser.Parse(line, &e, &err)) {
      std::cerr << "shoal invite create: " << err.ToString() << "\n";
      return SetCommandExitCode(2);
    }
    std::string link;
    if (!o->config.empty()) {
      auto engine = EngineAfter(o->config, "");
      if (!engine) return SetCommandExitCode(2);
      if (!e.group.empty() && !engine->config().FindGroup(e.group)) {
        std::cerr << "shoal invite create: unknown group '" << e.group << "' (not in " << o->config << ")\n";
        return SetCommandExitCode(2);
      }
      nlohmann::json existing;
      if (engine->Lookup("invite", spec.code, existing) && existing.value("source", "") == "config") {
        std::cerr << "shoal invite create: '" << spec.code << "' is defined in " << o->config << "; change it there\n";
        return SetCommandExitCode(2);
      }
      std::vector<Action> actions;
      engine->Apply(e, &actions);
      nlohmann::json made;
      if (engine->Lookup("invite", spec.code, made)) link = made.value("link", "");
      else std::cerr << "shoal invite create: note: features.invite is not configured in " << o->config << "\n";
    }
    std::cout << line << "\n";
    if (!link.empty() && !o->revoke) std::cerr << "invite: " << spec.code << " -> " << link << "\n";
  });
}

void AddShow(CLI::App& invite) {
  auto* cmd = invite.add_subcommand("show", "Print one code's details (uses, expiry, link) as JSON");
  struct Opts {
    std::string code, config, events;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("code", o->code, "The invite code")->required();
  cmd->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  cmd->add_option("--events,-e", o->events, "Events JSONL (runtime codes, uses so far)");
  cmd->callback([o] {
    auto engine = EngineAfter(o->config, o->events);
    if (!engine) return SetCommandExitCode(2);
    nlohmann::json j;
    if (!engine->Lookup("invite", o->code, j)) {
      std::cerr << "shoal invite show: unknown invite code '" << o->code << "'\n";
      return SetCommandExitCode(2);
    }
    std::cout << j.dump(2) << "\n";
  });
}

void AddQr(CLI::App& invite) {
  auto* cmd = invite.add_subcommand("qr", "Render a code's link (or any --link) as a QR image, SVG or PNG");
  struct Opts {
    std::string code, config, events, link, format = "svg", out = "-";
    int scale = 8, margin = 4;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("code", o->code, "The invite code (its link is rendered)");
  cmd->add_option("--config,-c", o->config, "Config file (YAML), to resolve the code");
  cmd->add_option("--events,-e", o->events, "Events JSONL (for codes created at run time)");
  cmd->add_option("--link", o->link, "Render this link instead of a code's");
  cmd->add_option("--format,-f", o->format, "svg or png")->check(CLI::IsMember({"svg", "png"}));
  cmd->add_option("--out,-o", o->out, "Output file ('-' = stdout)");
  cmd->add_option("--scale", o->scale, "Pixels per module (PNG) / size unit (SVG)")->check(CLI::Range(1, 64));
  cmd->add_option("--margin", o->margin, "Quiet zone in modules (scanners need 4)")->check(CLI::Range(0, 32));
  cmd->callback([o] {
    std::string link = o->link;
    if (link.empty()) {
      if (o->code.empty() || o->config.empty()) {
        std::cerr << "shoal invite qr: give a CODE with --config, or --link URL\n";
        return SetCommandExitCode(2);
      }
      auto engine = EngineAfter(o->config, o->events);
      if (!engine) return SetCommandExitCode(2);
      nlohmann::json j;
      if (!engine->Lookup("invite", o->code, j)) {
        std::cerr << "shoal invite qr: unknown invite code '" << o->code << "'"
                  << (o->events.empty() ? " (codes created at run time need --events)" : "") << "\n";
        return SetCommandExitCode(2);
      }
      // The replay knows uses and revocations; expiry is judged against today, when the poster is printed.
      if (j["status"] == "ok" && j["expires"] != "") {
        auto expires = ParseRfc3339(j["expires"].get<std::string>());
        if (expires && expires->utc <= SystemClock().Now()) j["status"] = "expired";
      }
      if (j["status"] != "ok") {
        std::cerr << "shoal invite qr: invite code '" << o->code << "' is " << j["status"].get<std::string>()
                  << (j["expires"] != "" ? " (expires " + j["expires"].get<std::string>() + ")" : "")
                  << "; a poster with it would lead nowhere\n";
        return SetCommandExitCode(1);
      }
      link = j["link"].get<std::string>();
    }
    std::string why;
    auto matrix = EncodeQr(link, &why);
    if (!matrix) {
      std::cerr << "shoal invite qr: " << why << "\n";
      return SetCommandExitCode(2);
    }
    QrStyle style{.scale = o->scale, .margin = o->margin};
    std::string data = o->format == "png" ? QrToPng(*matrix, style) : QrToSvg(*matrix, style);
    if (!WriteOut(o->out, data)) {
      std::cerr << "shoal invite qr: cannot write " << o->out << "\n";
      return SetCommandExitCode(2);
    }
    if (o->out != "-") std::cerr << "invite: " << link << " -> " << o->out << " (QR version " << matrix->version << ")\n";
  });
}

}  // namespace

void AddInviteCommand(CLI::App& app) {
  auto* invite = app.add_subcommand("invite", "Invite codes: create, show, render as QR");
  invite->require_subcommand(1);
  AddCreate(*invite);
  AddShow(*invite);
  AddQr(*invite);
}

}  // namespace shoal
