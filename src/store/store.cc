#include "shoal/store.h"

namespace shoal {

std::string_view StoreCodeName(StoreStatus::Code code) {
  switch (code) {
    case StoreStatus::Code::kOk: return "ok";
    case StoreStatus::Code::kIoError: return "io_error";
    case StoreStatus::Code::kFull: return "disk_full";
    case StoreStatus::Code::kCorrupt: return "corrupt";
    case StoreStatus::Code::kInvalid: return "invalid";
    case StoreStatus::Code::kBusy: return "busy";
  }
  return "unknown";
}

std::string StoreStatus::ToString() const {
  if (ok()) return "ok";
  return std::string(StoreCodeName(code)) + ": " + message;
}

}  // namespace shoal
