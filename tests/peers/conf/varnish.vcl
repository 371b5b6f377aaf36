# Varnish with one backend and its built-in VCL (requests with a body pass to the backend).
vcl 4.1;
backend origin {
  .host = "127.0.0.1";
  .port = "@ORIGIN@";
}
