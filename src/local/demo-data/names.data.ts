/** First names for demo agents (agents are named by index, so adding agents never renames one). */
export const FIRST_NAMES: readonly string[] = [
  'Alex', 'Maria', 'James', 'Priya', 'Daniel', 'Sofia', 'Michael', 'Aisha', 'David', 'Elena',
  'Chris', 'Fatima', 'Kevin', 'Laura', 'Omar', 'Grace', 'Ryan', 'Mei', 'Jordan', 'Nina',
  'Lucas', 'Hannah', 'Mateo', 'Chloe', 'Ethan', 'Zara', 'Noah', 'Ivy', 'Samuel', 'Leah',
  'Diego', 'Emma', 'Tariq', 'Olivia', 'Marcus', 'Yuki', 'Andre', 'Rosa', 'Victor', 'Amara',
];

/** Last names for demo agents. */
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Garcia', 'Chen', 'Patel', 'Johnson', 'Nguyen', 'Brown', 'Kim', 'Lopez', 'Okafor',
  'Miller', 'Silva', 'Davis', 'Khan', 'Wilson', 'Rossi', 'Moore', 'Tanaka', 'Taylor', 'Novak',
  'Anderson', 'Haddad', 'Thomas', 'Ivanova', 'Jackson', 'Mendes', 'White', 'Sato', 'Harris', 'Dubois',
  'Martin', 'Costa', 'Clark', 'Müller', 'Lewis', 'Park', 'Walker', 'Reyes', 'Hall', 'Adeyemi',
];
