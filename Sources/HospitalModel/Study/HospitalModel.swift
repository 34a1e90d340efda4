// A front end imports this module alone: the study layer, and through it the layers below.
@_exported import HospitalAnalysis
@_exported import HospitalFormats
@_exported import HospitalPolicies
@_exported import HospitalScenario
@_exported import HospitalSimulation
@_exported import SimKernel
