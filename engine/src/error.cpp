#include "specsweep/error.hpp"

namespace specsweep {

void require(bool cond, const std::string& message) {
  if (!cond) throw Error(message, ErrorKind::Input);
}

void ensure(bool cond, const std::string& message) {
  if (!cond) throw Error(message, ErrorKind::Internal);
}

}  // namespace specsweep
