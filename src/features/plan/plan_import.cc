#include "features/plan/plan_import.h"

#include <csv.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "shoal/time.h"

namespace shoal {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Checks one row's fields and appends it; false (with diagnostics) when bad.
bool AddRow(const std::string& file, int line, const std::map<std::string, std::string>& f, std::vector<PlanRow>* rows,
            Diagnostics* diag) {
  auto get = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : Trim(it->second);
  };
  bool ok = true;
  PlanRow row;
  row.file = file;
  row.line = line;
  row.id = get("id");
  std::string date = get("date"), time = get("time");
  if (!ParsePlanDate(date, &row.day)) {
    diag->Error(file, line, 0, "bad date '" + date + "'", "write dates as YYYY-MM-DD, e.g. 2026-03-01");
    ok = false;
  }
  if (!ParsePlanTime(time, &row.minute)) {
    diag->Error(file, line, 0, "bad time '" + time + "'", "write times as HH:MM, e.g. 09:00");
    ok = false;
  }
  row.targets = SplitTargets(get("targets"));
  if (row.targets.empty()) {
    diag->Error(file, line, 0, "no targets", "name group ids, tag:NAME, community:ID or all, separated by ';'");
    ok = false;
  }
  row.text = get("text");
  if (row.text.empty()) {
    diag->Error(file, line, 0, "empty text", "every row needs the text to post");
    ok = false;
  }
  row.mode = Lower(get("mode"));
  if (!row.mode.empty() && row.mode != "direct" && row.mode != "assisted") {
    diag->Error(file, line, 0, "unknown mode '" + row.mode + "'", "use direct or assisted");
    ok = false;
  }
  row.link = get("link");
  if (ok) rows->push_back(std::move(row));
  return ok;
}

// libcsv callbacks: collect fields per record and the line each record starts on.
struct CsvState {
  std::vector<std::string> fields;
  std::vector<std::pair<int, std::vector<std::string>>> records;
  int line = 0;        // the line being fed
  int next_start = 1;  // where the next record begins
  int start = 0;
  bool in_record = false;
  bool last_cr = false;
};

void OnField(void* s, size_t len, void* data) {
  auto* st = static_cast<CsvState*>(data);
  if (!st->in_record) {
    st->in_record = true;
    st->start = st->next_start;
  }
  st->fields.emplace_back(static_cast<const char*>(s), len);
}

void OnRecord(int c, void* data) {
  auto* st = static_cast<CsvState*>(data);
  if (st->in_record) {
    st->records.emplace_back(st->start, std::move(st->fields));
    st->fields.clear();
    st->in_record = false;
  } else if (c == '\n' && st->last_cr) {
    st->last_cr = false;  // the \n of a \r\n already counted
    return;
  }
  st->last_cr = c == '\r';
  st->next_start = st->line + 1;
}

}  // namespace

bool ParsePlanDate(const std::string& text, int64_t* day) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return false;
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  *day = DaysFromCivil(y, m, d);
  int y2;
  unsigned m2, d2;
  CivilFromDays(*day, &y2, &m2, &d2);
  return m2 == m && d2 == d;  // rejects 2026-02-30
}

bool ParsePlanTime(const std::string& text, int* minute) {
  unsigned h = 0, m = 0;
  char tail = 0;
  if (text.size() < 4 || text.size() > 5 || std::sscanf(text.c_str(), "%2u:%2u%c", &h, &m, &tail) != 2) return false;
  if (h > 23 || m > 59 || text[text.size() - 3] != ':') return false;
  *minute = static_cast<int>(h * 60 + m);
  return true;
}

std::vector<std::string> SplitTargets(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ";") {
    if (c == ';' || c == ',' || c == '\n') {
      std::string t = Trim(cur);
      if (!t.empty()) out.push_back(t);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

bool ReadPlanCsvText(const std::string& text, const std::string& file, std::vector<PlanRow>* rows, Diagnostics* diag) {
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
    diag->Error(file, 0, 0, "cannot start the CSV reader");
    return false;
  }
  CsvState st;
  std::istringstream in(text);
  std::string line;
  bool parsed = true;
  while (parsed && std::getline(in, line)) {
    ++st.line;
    if (!in.eof()) line.push_back('\n');
    parsed = csv_parse(&p, line.data(), line.size(), OnField, OnRecord, &st) == line.size();
  }
  if (parsed) parsed = csv_fini(&p, OnField, OnRecord, &st) == 0;
  if (!parsed) {
    diag->Error(file, st.in_record ? st.start : st.line, 0,
                std::string("CSV syntax: ") + csv_strerror(csv_error(&p)),
                "a field with a comma, quote or line break must be in double quotes, with inner quotes doubled");
    csv_free(&p);
    return false;
  }
  csv_free(&p);
  if (st.records.empty()) {
    diag->Error(file, 0, 0, "the month plan is empty", "the first line names the columns: date,time,targets,text");
    return false;
  }
  // The header names the columns.
  std::vector<std::string> columns;
  bool ok = true;
  const auto& [header_line, header] = st.records.front();
  for (const auto& h : header) {
    std::string name = Lower(Trim(h));
    if (name == "to" || name == "groups") name = "targets";
    if (name == "content") name = "text";
    if (name != "date" && name != "time" && name != "targets" && name != "text" && name != "id" && name != "mode" &&
        name != "link") {
      diag->Error(file, header_line, 0, "unknown column '" + h + "'",
                  "columns are date, time, targets, text and optionally id, mode, link");
      ok = false;
    }
    columns.push_back(name);
  }
  for (const char* need : {"date", "time", "targets", "text"}) {
    if (std::find(columns.begin(), columns.end(), need) == columns.end()) {
      diag->Error(file, header_line, 0, std::string("missing column '") + need + "'",
                  "the first line names the columns: date,time,targets,text");
      ok = false;
    }
  }
  if (!ok) return false;
  std::vector<PlanRow> read;
  for (size_t i = 1; i < st.records.size(); ++i) {
    const auto& [line_no, fields] = st.records[i];
    if (fields.size() != columns.size()) {
      diag->Error(file, line_no, 0,
                  std::to_string(fields.size()) + " fields, but the header has " + std::to_string(columns.size()),
                  "quote fields that contain commas");
      ok = false;
      continue;
    }
    std::map<std::string, std::string> f;
    for (size_t k = 0; k < columns.size(); ++k) f[columns[k]] = fields[k];
    ok &= AddRow(file, line_no, f, &read, diag);
  }
  rows->insert(rows->end(), read.begin(), read.end());
  return ok;
}

bool ReadPlanCsv(const std::string& path, std::vector<PlanRow>* rows, Diagnostics* diag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag->Error(path, 0, 0, "cannot read the month plan", "paths are relative to the config file");
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ReadPlanCsvText(ss.str(), path, rows, diag);
}

bool ReadPlanYaml(const std::string& path, std::vector<PlanRow>* rows, Diagnostics* diag) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    diag->Error(path, 0, 0, "cannot read the month plan", "paths are relative to the config file");
    return false;
  } catch (const YAML::Exception& e) {
    diag->Error(path, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
    return false;
  }
  YAML::Node list = doc.IsMap() ? doc["posts"] : doc;
  if (!list.IsSequence()) {
    diag->Error(path, 1, 0, "expected a list of posts under `posts:`", "each post: {date, time, to, text}");
    return false;
  }
  bool ok = true;
  std::vector<PlanRow> read;
  for (const auto& item : list) {
    int line = item.Mark().line + 1;
    if (!item.IsMap()) {
      diag->Error(path, line, item.Mark().column + 1, "each post must be a map {date, time, to, text}");
      ok = false;
      continue;
    }
    std::map<std::string, std::string> f;
    bool row_ok = true;
    for (const auto& kv : item) {
      std::string key = kv.first.Scalar();
      if (key == "to" || key == "groups") key = "targets";
      if (key == "content") key = "text";
      if (key != "date" && key != "time" && key != "targets" && key != "text" && key != "id" && key != "mode" &&
          key != "link") {
        diag->Error(path, kv.first.Mark().line + 1, kv.first.Mark().column + 1, "unknown key '" + kv.first.Scalar() + "'",
                    "a post has date, time, to, text and optionally id, mode, link");
        row_ok = false;
        continue;
      }
      if (kv.second.IsSequence()) {
        std::string joined;
        for (const auto& t : kv.second) joined += (joined.empty() ? "" : ";") + t.Scalar();
        f[key] = joined;
      } else {
        f[key] = kv.second.Scalar();
      }
    }
    ok &= row_ok && AddRow(path, line, f, &read, diag);
  }
  rows->insert(rows->end(), read.begin(), read.end());
  return ok;
}

}  // namespace shoal
