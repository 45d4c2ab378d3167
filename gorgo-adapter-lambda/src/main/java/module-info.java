/**
 * The Lambda Cloud adapter: a typed API client and the cluster manager that provisions GPU
 * instances across regions and runs SGLang and the GORGO proxy on them over SSH.
 */
module dev.gorgo.lambda {
  requires static transitive org.jspecify;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires com.jcraft.jsch;

  exports dev.gorgo.lambda;
  exports dev.gorgo.lambda.cluster;

  opens dev.gorgo.lambda to
      com.fasterxml.jackson.databind;
  opens dev.gorgo.lambda.cluster to
      com.fasterxml.jackson.databind;
}
