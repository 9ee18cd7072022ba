// Installing the calculator's wheel into a Pyodide, the one way both the
// browser worker and the Node runner (tools/pyodide_run.mjs) do it.

// Into site-packages, as an installer would (unpackArchive's default is the
// working directory). Read from sys.path: asking sysconfig would import it
// (~50 ms). Unpacking it ourselves is ~150 ms faster than loadPackage (no
// package-manager work), and a pure-Python wheel needs nothing more.
export function installWheel(pyodide, bytes) {
  const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}
