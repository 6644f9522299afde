#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "shoal/event_codec.h"
#include "sim/simulator.h"
#include "shoal/zone.h"

namespace shoal {

void AddSimulateCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("simulate", "Write a realistic, deterministic community history as canonical JSONL");
  struct Opts {
    SimOptions sim;
    std::string config, out = "-";
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--seed", o->sim.seed, "Random seed (same seed, same history)");
  cmd->add_option("--groups", o->sim.groups, "Number of groups (ignored with --config)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--members", o->sim.members, "Number of distinct members")->check(CLI::Range(1, 100000000));
  cmd->add_option("--days", o->sim.days, "Days of history")->check(CLI::Range(1, 3650));
  cmd->add_option("--start", o->sim.start_day, "First local day, YYYY-MM-DD");
  cmd->add_option("--config,-c", o->config, "Take groups, staff and time zone from this config");
  cmd->add_option("--out,-o", o->out, "Output JSONL ('-' = stdout)");
  cmd->callback([o] {
    SimOptions sim = o->sim;
    if (!o->config.empty()) {
      auto cfg = LoadConfigOrReport(o->config);
      if (!cfg) return SetCommandExitCode(2);
      for (const auto& c : cfg->communities)
        for (const auto& g : c.groups) sim.group_ids.push_back(g.id);
      sim.staff = cfg->staff;
      auto zone = TimeZone::Find(cfg->timezone);
      int y;
      unsigned m, d;
      if (std::sscanf(sim.start_day.c_str(), "%d-%u-%u", &y, &m, &d) == 3 && zone)
        sim.utc_offset_minutes = zone->OffsetMinutes(DaysFromCivil(y, m, d) * kMicrosPerDay);
    }
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (o->out != "-") {
      file.open(o->out, std::ios::binary | std::ios::trunc);
      if (!file) {
        std::cerr << "shoal: cannot write " << o->out << "\n";
        return SetCommandExitCode(2);
      }
      out = &file;
    }
    std::string buf;
    auto stats = Simulate(sim, [&](const Event& e) {
      AppendEventJson(e, &buf);
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    });
    out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
    out->flush();
    std::cerr << "simulate: " << stats.events << " events (" << stats.messages << " messages, " << stats.joins
              << " joins, " << stats.leaves << " leaves, " << stats.ads << " ads, " << stats.checkins
              << " check-ins, " << stats.questions << " questions, " << stats.conversions << " conversions)\n";
    if (!*out) SetCommandExitCode(2);
  });
}

}  // namespace shoal
