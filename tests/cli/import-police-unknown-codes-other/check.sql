SELECT brottskod, offence_group FROM police_cases ORDER BY 1;
