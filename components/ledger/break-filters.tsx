'use client';

import { useState, type FormEvent } from 'react';
import { useUpdateParams } from '../url-state';
import { KIND_LABEL, KINDS, type BreakFilterInput, type BreakKind } from './ledger-format';
import styles from './ledger.module.css';

/** Open breaks per kind; a click filters the list to that kind (several may be chosen). */
export function KindChips({ counts, selected }: { counts: Record<BreakKind, number>; selected: BreakKind[] }) {
  const update = useUpdateParams();
  const toggle = (kind: BreakKind) => {
    const next = selected.includes(kind) ? selected.filter((k) => k !== kind) : [...selected, kind];
    update({ kinds: next.join(',') });
  };
  return (
    <div className={styles.kinds} role="group" aria-label="Open breaks by kind">
      {KINDS.map(({ kind, rule }) => (
        <button key={kind} type="button" className={styles.kindChip} aria-pressed={selected.includes(kind)} title={rule} onClick={() => toggle(kind)}>
          {KIND_LABEL[kind]} <b>{counts[kind]}</b>
        </button>
      ))}
    </div>
  );
}

interface FormState {
  kind: string;
  state: string;
  review: string;
  minAmount: string;
  maxAmount: string;
  ref: string;
}

function fromFilter(f: BreakFilterInput): FormState {
  return {
    kind: f.kinds?.length === 1 ? f.kinds[0]! : '',
    state: f.state ?? 'open',
    review: f.review ?? 'any',
    minAmount: f.minAmount ?? '',
    maxAmount: f.maxAmount ?? '',
    ref: f.ref ?? '',
  };
}

/** The auditor's filter; applied to the URL so the view is a shareable link. */
export function BreakFilters({ filter }: { filter: BreakFilterInput }) {
  const update = useUpdateParams();
  const [form, setForm] = useState(() => fromFilter(filter));
  const set = <K extends keyof FormState>(k: K, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const multi = (filter.kinds?.length ?? 0) > 1;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({
      ...(multi && form.kind === '' ? {} : { kinds: form.kind }),
      state: form.state === 'open' ? '' : form.state,
      review: form.review === 'any' ? '' : form.review,
      minAmount: form.minAmount.trim(),
      maxAmount: form.maxAmount.trim(),
      ref: form.ref.trim(),
    });
  };
  return (
    <form className={styles.filters} onSubmit={submit} aria-label="Break filters">
      <label className="field">
        Kind
        <select name="kind" value={form.kind} onChange={(e) => set('kind', e.target.value)}>
          <option value="">{multi ? `${filter.kinds!.length} kinds chosen` : 'any'}</option>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        State
        <select name="state" value={form.state} onChange={(e) => set('state', e.target.value)}>
          <option value="open">open</option>
          <option value="healed">healed (the missing event arrived)</option>
          <option value="all">all</option>
        </select>
      </label>
      <label className="field">
        Review
        <select name="review" value={form.review} onChange={(e) => set('review', e.target.value)}>
          <option value="any">any</option>
          <option value="unreviewed">unreviewed</option>
          <option value="acknowledged">acknowledged</option>
          <option value="resolved">resolved</option>
        </select>
      </label>
      <label className="field">
        Min amount
        <input name="minAmount" inputMode="decimal" value={form.minAmount} onChange={(e) => set('minAmount', e.target.value)} placeholder="0.00" />
      </label>
      <label className="field">
        Max amount
        <input name="maxAmount" inputMode="decimal" value={form.maxAmount} onChange={(e) => set('maxAmount', e.target.value)} placeholder="any" />
      </label>
      <label className="field">
        Reference
        <input name="ref" value={form.ref} onChange={(e) => set('ref', e.target.value)} placeholder="payment:123, id or txn id" spellCheck={false} />
      </label>
      <button className="btn btn-primary" type="submit">
        Apply
      </button>
    </form>
  );
}
