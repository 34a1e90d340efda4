public enum HospitalModelPlaceholder {}
