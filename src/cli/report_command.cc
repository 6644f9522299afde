#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/replay_command.h"
#include "report/csv_export.h"
#include "report/report_render.h"

namespace shoal {

void AddReportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Print the analytics of a history of events (json, md or html)");
  struct Opts {
    std::string config, events = "-", format = "md", output = "-", table;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  cmd->add_option("--events,-e", o->events, "Events JSONL file ('-' = stdin)");
  cmd->add_option("--format,-f", o->format, "json, md, html or csv (csv needs --table)")
      ->check(CLI::IsMember({"json", "md", "html", "csv"}));
  cmd->add_option("--table,-t", o->table, "With --format csv: the table's path, or 'list' to see them all");
  cmd->add_option("--output,-o", o->output, "Where to write the report ('-' = stdout)");
  cmd->callback([o] {
    if (o->format == "csv" && o->table.empty()) {
      std::cerr << "shoal: --format csv needs --table PATH (--table list shows the tables)\n";
      return SetCommandExitCode(2);
    }
    if (o->format != "csv" && !o->table.empty()) {
      std::cerr << "shoal: --table goes with --format csv\n";
      return SetCommandExitCode(2);
    }
    auto cfg = LoadConfigOrReport(o->config);
    if (!cfg) return SetCommandExitCode(2);
    std::string why;
    auto engine = Engine::Create(cfg, &why);
    if (!engine) {
      std::cerr << "shoal: " << why << "\n";
      return SetCommandExitCode(2);
    }
    std::ifstream file;
    std::istream* in = &std::cin;
    if (o->events != "-") {
      file.open(o->events, std::ios::binary);
      if (!file) {
        std::cerr << "shoal: cannot open events file " << o->events << "\n";
        return SetCommandExitCode(2);
      }
      in = &file;
    }
    ReplayOptions options;
    options.errors = &std::cerr;
    auto result = ReplayStream(*in, *engine, options, [](const std::string&) {});
    nlohmann::json report;
    engine->Report(report);
    report["input"] = {{"lines", result.lines}, {"accepted", result.accepted}, {"rejected", result.rejected},
                       {"actions", result.actions}};
    std::string text;
    if (o->format == "csv" && o->table == "list") {
      for (const auto& t : ListCsvTables(report))
        text += t.path + "\t" + std::to_string(t.rows) + " rows\t" + std::to_string(t.columns) + " columns\n";
    } else if (o->format == "csv") {
      std::string why;
      if (!ExportCsvTable(report, o->table, &text, &why)) {
        std::cerr << "shoal: " << why << "\n";
        return SetCommandExitCode(2);
      }
    } else {
      text = o->format == "json" ? report.dump(2) + "\n"
             : o->format == "md" ? RenderReportMarkdown(report)
                                 : RenderReportHtml(report);
    }
    if (o->output == "-") {
      std::cout << text;
    } else {
      std::ofstream out(o->output, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out) {
        std::cerr << "shoal: cannot write " << o->output << "\n";
        return SetCommandExitCode(2);
      }
    }
    if (result.rejected) std::cerr << "report: " << result.rejected << " line(s) rejected (listed above)\n";
    SetCommandExitCode(result.rejected ? 1 : 0);
  });
}

}  // namespace shoal
