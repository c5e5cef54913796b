// Validates Kubernetes manifests offline against Kubernetes' own schemas: kubernetes-models carries the JSON
// schemas generated from the OpenAPI document of one Kubernetes release (5.1.0: Kubernetes 1.34), and each
// model's validate() checks a resource against them (types, required fields, enums, formats). Those schemas
// allow fields they do not name, as the API server's non-strict decoding does: a misspelled field passes here.
// Usage: node validate.mjs DIR  (every *.yaml in DIR; kustomization.yaml must list all the others)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node validate.mjs DIR');
  process.exit(2);
}
const KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'commonLabels', 'resources',
  'images', 'configMapGenerator', 'patches', 'components', 'replicas', 'namePrefix', 'nameSuffix']);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
const problems = [];
let resources = 0;

function parse(file) {
  const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
  for (const d of docs) {
    d.errors.forEach((e) => problems.push(`${file}: YAML: ${e.message}`));
  }
  return docs.map((d) => d.toJS()).filter((d) => d != null);
}

for (const file of files) {
  for (const doc of parse(file)) {
    if (doc.kind === 'Kustomization') {
      Object.keys(doc).filter((k) => !KUSTOMIZATION_KEYS.has(k))
        .forEach((k) => problems.push(`${file}: unknown kustomization field ${k}`));
      const listed = new Set(doc.resources || []);
      files.filter((f) => f !== file && !listed.has(f)).forEach((f) => problems.push(`${file}: does not list ${f}`));
      [...listed].filter((f) => !files.includes(f)).forEach((f) => problems.push(`${file}: lists missing ${f}`));
      continue;
    }
    const where = `${file}: ${doc.kind} ${doc.metadata && doc.metadata.name}`;
    let Model;
    try {
      const module = await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`);
      Model = module[doc.kind];
    } catch (e) {
      problems.push(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
      resources++;
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
  }
}
problems.forEach((p) => console.error(p));
console.log(`${dir}: ${resources} resources valid against the Kubernetes 1.34 schemas, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
