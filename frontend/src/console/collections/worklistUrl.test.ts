import { describe, expect, it } from 'vitest';
import { readWorklistState, toWorklistVariables, withWorklistChange, worklistSearchParams } from './worklistUrl';

describe('worklist URL', () => {
  it('reads every filter and the page cursor from the URL', () => {
    const state = readWorklistState(
      new URLSearchParams('mine=true&onHold=true&actionDue=true&includeCurrent=true&search=%20north%20&after=MjQ='),
    );
    expect(state).toEqual({
      mine: true,
      unassigned: false,
      onHold: true,
      actionDue: true,
      includeCurrent: true,
      search: 'north',
      cursors: ['MjQ='],
    });
    expect(toWorklistVariables(state)).toEqual({
      filter: { mine: true, unassigned: false, onHold: true, actionDue: true, search: 'north', includeCurrent: true },
      first: 25,
      after: 'MjQ=',
    });
  });

  it('sends no filter at all for the plain worklist, and never "only accounts not on hold"', () => {
    expect(toWorklistVariables(readWorklistState(new URLSearchParams()))).toEqual({ filter: null, first: 25, after: null });
    const unassigned = toWorklistVariables(readWorklistState(new URLSearchParams('unassigned=true')));
    expect(unassigned.filter?.onHold).toBeNull();
  });

  it('starts again at page one when a filter changes, and "mine" and "unassigned" exclude each other', () => {
    const before = new URLSearchParams('unassigned=true&search=acme&after=MjQ=&after=NDk=');
    const after = withWorklistChange(before, { mine: true });
    expect(after.toString()).toBe('mine=true&search=acme');
    expect(withWorklistChange(after, { unassigned: true }).toString()).toBe('unassigned=true&search=acme');
  });

  it('leaves off flags and blank searches', () => {
    expect(worklistSearchParams({ mine: false, search: '   ', onHold: true }).toString()).toBe('onHold=true');
  });
});
