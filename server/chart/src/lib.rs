//! The Helm chart model and its loader (directories, archives, subcharts, .helmignore).
