"""Graphene ribbon front end: A(q) = V(q) D(q) on N cells of u = x/W, its plasmon
modes, and the Drude shift EE(E_F, hw) of (I - EE A(q)) phi_tot = phi_ext.

    >>> from specsweep import ribbon, Resolvent
    >>> V, D = ribbon.operator(qW=0.5, cells=200)
    >>> r = Resolvent.from_product(V, D)          # symmetric-definite route, real spectrum
    >>> EE = ribbon.drude_prefactor(0.4, hw, 0.01, 2.45, 100.0)   # hw: array of energies [eV]
    >>> phi = r.solve(EE, phi_ext)                # (len(hw), 200)
    >>> eta = ribbon.modes(0.0, 400, count=3)     # [-0.0687, -0.0289, -0.0184]
    >>> ribbon.plasmon_energy(eta, 0.4, 2.45, 100.0)   # hw_j [eV]
    >>> ribbon.absorption([0.2, 0.4], hw, cells=400, eps_eff=2.45)["sigma_nm"]   # absorption
    >>> ribbon.emitter([0.2, 0.4], hw, emitter_z_nm=10.0)["P"]                   # emitter

Energies in eV, lengths in nm, Gaussian units (e^2 = 1.439965 eV nm).
"""
from ._specsweep import Resolvent as _Resolvent
from ._specsweep import ribbon as _core

operator = _core.operator
modes = _core.modes
plasmon_energy = _core.plasmon_energy
asymptotic_eta = _core.asymptotic_eta
drude_prefactor = _core.drude_prefactor
cell_centres = _core.cell_centres
absorption = _core.absorption
emitter = _core.emitter


def resolvent(qW, cells, method="auto", **options):
    """The engine's factorisation of A(qW) = V D through the symmetric-definite product."""
    V, D = operator(qW, cells)
    return _Resolvent.from_product(V, D, method, **options)


__all__ = ["operator", "modes", "plasmon_energy", "asymptotic_eta", "drude_prefactor",
           "cell_centres", "resolvent", "absorption", "emitter"]
