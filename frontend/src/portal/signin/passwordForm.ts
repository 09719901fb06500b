/** The server's minimum; checked here too so nobody waits for a refusal. */
export const MIN_PASSWORD_LENGTH = 10;

export interface NewPasswordValues {
  password: string;
  repeat: string;
}

export type NewPasswordProblems = Partial<Record<keyof NewPasswordValues, string>>;

/** What must be fixed before a new password is sent: nothing typed, too short, or the two differ. */
export function checkNewPassword({ password, repeat }: NewPasswordValues): NewPasswordProblems {
  const problems: NewPasswordProblems = {};
  if (password === '') problems.password = 'Choose a password.';
  else if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (repeat === '') problems.repeat = 'Type the password again.';
  else if (password !== repeat) problems.repeat = "The two passwords don't match.";
  return problems;
}
