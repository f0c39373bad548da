// specsweep.poisson: the local (one-process) backends of the Poisson front end.
#include <fmt/format.h>

#include "bindings.hpp"
#include "numpy_convert.hpp"
#include "specsweep/error.hpp"
#include "specsweep/poisson/solver.hpp"

namespace specsweep::python {

void bind_poisson(py::module_& m) {
  using namespace pybind11::literals;
  namespace pz = specsweep::poisson;
  m.def(
      "solve",
      [](const py::object& F_in, const std::string& backend, const std::string& boundary) {
        const pz::Backend be = pz::parse_backend(backend);
        const pz::Boundary bc = pz::parse_boundary(boundary);
        require(be != pz::Backend::Summa,
                "backend 'summa' runs over MPI: use `mpiexec specsweep poisson`; "
                "the Python module has the local backends blas and dst");
        MatrixXd F = to_real_matrix(as_array(F_in), "F");
        // N unknowns per axis: n - 1 interior points (Dirichlet) or n cells (Neumann).
        const Index extra = bc == pz::Boundary::Dirichlet ? 1 : 0;
        const pz::PoissonProblem p{F.rows() + extra, F.cols() + extra, bc};
        pz::validate(p);
        MatrixXd U;
        {
          py::gil_scoped_release nogil;
          U = pz::solve_local(p, be, F);
        }
        return to_numpy(std::move(U));
      },
      "F"_a, "backend"_a = "blas", "boundary"_a = "dirichlet",
      R"doc(Solve -Laplace(u) = f on the unit square: T_x U + U T_y = F.

F holds f at the unknowns, shape (N_x, N_y): interior grid points x_i = (i+1)/n_x for
"dirichlet" (so n_x = N_x + 1 intervals), cell centres x_i = (i+1/2)/n_x for "neumann"
(n_x = N_x cells; the mean of f is removed and the zero-mean solution returned).
backend: "blas" (diagonalise-divide-transform with GEMMs, O(N^3)) or "dst" (FFTW sine
transform, O(N^2 log N), uniform Dirichlet only). Returns U (float64, Fortran order, no copy).
Discretisation error O(h^2); runs without the GIL.)doc");
  m.def(
      "coordinates",
      [](Index intervals, const std::string& boundary) {
        const pz::Boundary bc = pz::parse_boundary(boundary);
        require(intervals >= 2, fmt::format("intervals must be >= 2, got {}", intervals));
        const Index N = pz::unknowns(intervals, bc);
        py::array_t<double> x(N);
        auto w = x.mutable_unchecked<1>();
        for (Index i = 0; i < N; ++i) w(i) = pz::coordinate(i, intervals, bc);
        return x;
      },
      "intervals"_a, "boundary"_a = "dirichlet",
      "Coordinates on [0, 1] of the unknowns along one axis with `intervals` intervals.");
}

}  // namespace specsweep::python
