// Board-in-the-loop results as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub test reporters) read:
// <testsuites> of <testsuite> (a scenario) of <testcase> (a phase), with <failure>, <skipped> and <system-out>.

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface JUnitCase {
  name: string;
  classname: string;
  timeSeconds: number;
  status: CaseStatus;
  /** Failure or skip reason (one line). */
  message?: string;
  /** Failure details. */
  details?: string;
  /** Console and measurements. */
  output?: string;
}

export interface JUnitSuite {
  name: string;
  timestamp: Date;
  timeSeconds: number;
  properties?: Record<string, string>;
  cases: JUnitCase[];
}

/** Text as XML character data or attribute value: markup escaped, characters XML 1.0 forbids removed. */
export function xmlEscape(text: string): string {
  return (
    text
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (s: number) => s.toFixed(3);

function caseXml(c: JUnitCase): string {
  const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${seconds(c.timeSeconds)}"`;
  const body: string[] = [];
  if (c.status === 'failed') {
    body.push(`      <failure message="${xmlEscape(c.message ?? 'failed')}" type="BitlFailure">${xmlEscape(c.details ?? c.message ?? '')}</failure>`);
  } else if (c.status === 'skipped') {
    body.push(`      <skipped message="${xmlEscape(c.message ?? 'skipped')}"/>`);
  }
  if (c.output) body.push(`      <system-out>${xmlEscape(c.output)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

export function junitXml(suites: JUnitSuite[], name = 'aliot bitl'): string {
  const count = (status: CaseStatus) => suites.reduce((n, s) => n + s.cases.filter((c) => c.status === status).length, 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const time = suites.reduce((t, s) => t + s.timeSeconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${tests}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}" time="${seconds(time)}">`,
  ];
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.status === 'failed').length;
    const skipped = s.cases.filter((c) => c.status === 'skipped').length;
    lines.push(
      `  <testsuite name="${xmlEscape(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" ` +
        `time="${seconds(s.timeSeconds)}" timestamp="${s.timestamp.toISOString().replace(/\.\d+Z$/, '')}">`,
    );
    const props = Object.entries(s.properties ?? {});
    if (props.length > 0) {
      lines.push('    <properties>');
      for (const [k, v] of props) lines.push(`      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`);
      lines.push('    </properties>');
    }
    for (const c of s.cases) lines.push(caseXml(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
