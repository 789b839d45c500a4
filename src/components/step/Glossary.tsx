import './Glossary.css';
import type { T } from './format';

/** What the step detail's terms mean, in a line under the list: logit, bits and Σ. */
export function Glossary(props: { t: T }) {
  const { t } = props;
  const terms: [string, string][] = [
    [t('logit'), t('sdGlossLogit')],
    [t('sdBits'), t('sdGlossBits')],
    ['Σ', t('sdGlossSum')],
  ];
  return (
    <dl className="sd-glossary">
      {terms.map(([term, meaning]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
