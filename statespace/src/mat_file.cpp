// MATLAB .mat model files through libmatio (v4, v5, and v7.3 when matio was built with HDF5).
#include <fmt/format.h>
#include <matio.h>

#include <memory>

#include "specsweep/error.hpp"
#include "specsweep/statespace/model.hpp"

namespace specsweep::statespace {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw Error(path + ": " + problem, ErrorKind::Input);
}

struct MatCloser {
  void operator()(mat_t* m) const { Mat_Close(m); }
};
struct VarFreer {
  void operator()(matvar_t* v) const { Mat_VarFree(v); }
};

// Element k of a numeric buffer of matio type t, as double.
bool element(const void* data, matio_types t, size_t k, double& out) {
  switch (t) {
    case MAT_T_DOUBLE: out = static_cast<const double*>(data)[k]; return true;
    case MAT_T_SINGLE: out = static_cast<const float*>(data)[k]; return true;
    case MAT_T_INT8: out = static_cast<const mat_int8_t*>(data)[k]; return true;
    case MAT_T_UINT8: out = static_cast<const mat_uint8_t*>(data)[k]; return true;
    case MAT_T_INT16: out = static_cast<const mat_int16_t*>(data)[k]; return true;
    case MAT_T_UINT16: out = static_cast<const mat_uint16_t*>(data)[k]; return true;
    case MAT_T_INT32: out = static_cast<const mat_int32_t*>(data)[k]; return true;
    case MAT_T_UINT32: out = static_cast<const mat_uint32_t*>(data)[k]; return true;
    case MAT_T_INT64: out = static_cast<double>(static_cast<const mat_int64_t*>(data)[k]); return true;
    case MAT_T_UINT64: out = static_cast<double>(static_cast<const mat_uint64_t*>(data)[k]); return true;
    default: return false;
  }
}

// The value at storage position k of a (real or split-complex) numeric buffer.
bool value_at(const matvar_t* v, const void* data, size_t k, cplx& out) {
  double re = 0, im = 0;
  if (v->isComplex) {
    const auto* split = static_cast<const mat_complex_split_t*>(data);
    if (!element(split->Re, v->data_type, k, re) || !element(split->Im, v->data_type, k, im)) return false;
  } else if (!element(data, v->data_type, k, re)) {
    return false;
  }
  out = cplx(re, im);
  return true;
}

MatrixXcd to_matrix(const std::string& path, const matvar_t* v, const char* name) {
  if (v->rank != 2)
    fail(path, fmt::format("variable {} must be a 2-D matrix, has {} dimensions", name, v->rank));
  const Index rows = static_cast<Index>(v->dims[0]), cols = static_cast<Index>(v->dims[1]);
  MatrixXcd M = MatrixXcd::Zero(rows, cols);
  if (rows * cols == 0) return M;
  if (v->class_type == MAT_C_SPARSE) {
    const auto* sp = static_cast<const mat_sparse_t*>(v->data);
    if (!sp || !sp->jc || sp->njc < static_cast<mat_uint32_t>(cols + 1))
      fail(path, fmt::format("sparse variable {} is malformed (column pointers)", name));
    for (Index j = 0; j < cols; ++j)
      for (mat_uint32_t k = sp->jc[j]; k < sp->jc[j + 1]; ++k) {
        cplx x;
        if (k >= sp->nir || k >= sp->ndata || sp->ir[k] >= static_cast<mat_uint32_t>(rows) ||
            !value_at(v, sp->data, k, x))
          fail(path, fmt::format("sparse variable {} is malformed (entry {})", name, k));
        M(static_cast<Index>(sp->ir[k]), j) = x;
      }
    return M;
  }
  switch (v->class_type) {
    case MAT_C_DOUBLE: case MAT_C_SINGLE: case MAT_C_INT8: case MAT_C_UINT8: case MAT_C_INT16:
    case MAT_C_UINT16: case MAT_C_INT32: case MAT_C_UINT32: case MAT_C_INT64: case MAT_C_UINT64:
      break;
    default: fail(path, fmt::format("variable {} is not a numeric matrix", name));
  }
  if (!v->data) fail(path, fmt::format("variable {} has no data", name));
  for (Index j = 0; j < cols; ++j)  // MATLAB storage is column-major
    for (Index i = 0; i < rows; ++i) {
      cplx x;
      if (!value_at(v, v->data, static_cast<size_t>(j * rows + i), x))
        fail(path, fmt::format("variable {} has an unsupported element type", name));
      M(i, j) = x;
    }
  return M;
}

}  // namespace

StateSpaceModel load_mat_model(const std::string& path) {
  std::unique_ptr<mat_t, MatCloser> mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!mat) fail(path, "cannot open as a MATLAB .mat file (missing, unreadable or not a MAT file)");
  auto read = [&](const char* name, bool required) -> std::optional<MatrixXcd> {
    std::unique_ptr<matvar_t, VarFreer> v(Mat_VarRead(mat.get(), name));
    if (!v) {
      if (required) fail(path, fmt::format("no variable {} (a model needs A, B, C; D and E are optional)", name));
      return std::nullopt;
    }
    return to_matrix(path, v.get(), name);
  };
  StateSpaceModel m;
  m.A = *read("A", true);
  m.B = *read("B", true);
  m.C = *read("C", true);
  if (auto D = read("D", false)) m.D = std::move(*D);
  m.E = read("E", false);
  // Conventions of model collections: D = 0 as a scalar for "no feedthrough", E = [] for none.
  if (m.D.size() == 1 && m.D(0, 0) == cplx(0) && m.C.rows() * m.B.cols() != 1) m.D.resize(0, 0);
  if (m.E && m.E->size() == 0) m.E.reset();
  m.validate(path);
  return m;
}

}  // namespace specsweep::statespace
